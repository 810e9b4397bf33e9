package org.waymark.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

class IntentClassifierTest {

    static final List<IntentClassifier.Example> EXAMPLES = List.of(
            new IntentClassifier.Example("greet", "hello there"), new IntentClassifier.Example("greet", "hiya"),
            new IntentClassifier.Example("greet", "good morning"), new IntentClassifier.Example("greet", "hey"),
            new IntentClassifier.Example("thanks", "thank you so much"),
            new IntentClassifier.Example("thanks", "cheers"), new IntentClassifier.Example("thanks", "ta very much"),
            new IntentClassifier.Example("thanks", "thanks a lot"),
            new IntentClassifier.Example("goodbye", "bye for now"), new IntentClassifier.Example("goodbye", "see you"),
            new IntentClassifier.Example("goodbye", "goodnight"), new IntentClassifier.Example("goodbye", "laters"));

    @Test
    void theEmbeddingMemberIsSavedAndReadBackWithTheTextModel() throws IOException {
        IntentClassifier trained = IntentClassifier.trainIntents(EXAMPLES);
        assertThat(trained.usesEmbedding()).isTrue();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trained.write(bytes);
        IntentClassifier read = IntentClassifier.read(new ByteArrayInputStream(bytes.toByteArray()),
                Features.DEFAULT);
        assertThat(read.usesEmbedding()).isTrue();
        for (String text : List.of("hello", "many thanks", "bye then", "what time is it")) {
            assertThat(read.rank(text)).isEqualTo(trained.rank(text));
        }
    }

    @Test
    void theEmbeddingChangesTheRankingOfAMessageTheWordsAloneDoNotKnow() {
        IntentClassifier with = IntentClassifier.trainIntents(EXAMPLES);
        IntentClassifier without = IntentClassifier.trainIntents(EXAMPLES, null);
        assertThat(without.usesEmbedding()).isFalse();
        // no word of "much obliged" is in the training data: only its meaning can point at thanks
        assertThat(with.best("much obliged to you")).isEqualTo("thanks");
        assertThat(with.rank("much obliged to you")).isNotEqualTo(without.rank("much obliged to you"));
    }

    @Test
    void theShippedIntentModelCarriesTheEmbeddingMember() throws IOException {
        try (InputStream in = IntentClassifierTest.class.getClassLoader()
                .getResourceAsStream("nlp-models/" + NluModels.INTENT_MODEL)) {
            assertThat(in).isNotNull();
            assertThat(IntentClassifier.read(in, Features.DEFAULT).usesEmbedding()).isTrue();
        }
    }
}
