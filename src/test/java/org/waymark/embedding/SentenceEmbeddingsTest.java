package org.waymark.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The sentence embedding model that ships in the jar: loaded once, offline, and meaning-aware. */
class SentenceEmbeddingsTest {

    private static final SentenceEmbeddings MODEL = SentenceEmbeddings.shared();

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void wordingsOfOneMeaningAreCloserThanOtherMeanings() {
        float[] wish = MODEL.embed("I don't want to be alive any more").clone();
        float[] sameMeaning = MODEL.embed("i wish i could just not wake up").clone();
        float[] other = MODEL.embed("is there a walking group on tuesdays").clone();
        assertThat(cosine(wish, sameMeaning)).isGreaterThan(cosine(wish, other) + 0.2);
    }

    @Test
    void vectorsAreUnitLengthAndTheSameForTheSameText() {
        float[] a = MODEL.embed("skint and lonely").clone();
        MODEL.embed("something else");
        float[] b = MODEL.embed("skint and lonely");
        assertThat(a).hasSize(SentenceEmbeddings.DIMENSIONS).containsExactly(b);
        assertThat(cosine(a, a)).isBetween(0.999, 1.001);
    }

    @Test
    void aBlankTextIsAllZerosNotAnError() {
        assertThat(MODEL.embed("   ")).containsOnly(0f);
        assertThat(MODEL.embed(null)).hasSize(SentenceEmbeddings.DIMENSIONS).containsOnly(0f);
    }

    @Test
    void manyTextsAtOnceGiveWhatEachGivesAlone() {
        List<float[]> all = MODEL.embedAll(List.of("hello", "I need help with money"));
        assertThat(all.get(1)).containsExactly(MODEL.embed("I need help with money"));
    }

    @Test
    void theModelRunsOfflineAndLoadsOncePerJvm() {
        assertThat(SentenceEmbeddings.shared()).isSameAs(MODEL);
        // the tokenizer library is told never to download or report usage
        assertThat(System.getProperty("ai.djl.offline", System.getenv("DJL_OFFLINE"))).isEqualTo("true");
        assertThat(System.getProperty("OPT_OUT_TRACKING", System.getenv("OPT_OUT_TRACKING"))).isEqualTo("true");
        assertThat(MODEL.loadMillis()).isPositive();
    }

    /** Every line of the training and kept-apart sets (English and Bengali), whole and by sentence, and odd inputs. */
    static List<String> corpus() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("nlp-models"))) {
            for (Path p : files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(tsv|yml|txt)")).sorted().toList()) {
                for (String line : Files.readAllLines(p)) {
                    String text = line.contains("\t") ? line.substring(line.lastIndexOf('\t') + 1)
                            : line.replaceFirst("^\\s*-\\s*", "");
                    if (!text.isBlank()) {
                        out.add(text);
                        for (String sentence : text.split("[.!?;\\n]+")) {
                            if (!sentence.isBlank() && !sentence.strip().equals(text.strip())) {
                                out.add(sentence);
                            }
                        }
                    }
                }
            }
        }
        out.addAll(List.of("##ing ##", "[SEP] hello [CLS] x [UNK] [MASK] [PAD]", "caf\u00e9 na\u00efve \u2019 \u201chi\u201d",
                "\ud83d\ude00\ud83d\ude22 help", "\u0986\u09ae\u09bf \u09ad\u09be\u09b2\u09cb", "\u4f60\u597d\u4e16\u754c",
                "a".repeat(150), "x\u0000y\u0007z", "don't   won't\t\tcan't", "I'M SHOUTING!!! ???",
                "e1 6an 07700 900123 http://x.y/z?q=1&b=2", "\u00c5ngstr\u00f6m \u00df \u0130stanbul \ufb01ne",
                "\u200b\u200bzero width", "tab\there\nnewline\r\nend", "\u00bd \u00b2 \u2460 \u2177",
                "help ".repeat(600)));
        return out;
    }

    @Test
    void everyVectorWithinTheModelsWindowIsTheOneLangchain4jsEncoderGivesAndALongerOneReadsOn() throws IOException {
        // one tokenisation and our own pooling instead of the library's three tokenisations: the same floats,
        // to the bit, for every text the model reads at once, so no decision of the risk, needs or intent nets can
        // move; a longer text, which langchain4j cuts at the model's 128 tokens, is read to its end. About 1,500
        // texts spread over the corpus keep this test short; -Dwaymark.test.every-line=true compares every one.
        List<String> texts = corpus();
        int step = Boolean.getBoolean("waymark.test.every-line") ? 1 : Math.max(1, texts.size() / 1500);
        int compared = 0;
        int longer = 0;
        for (int i = 0; i < texts.size(); i += step) {
            String text = texts.get(i);
            if (text.isBlank()) {
                continue;
            }
            longer += sameAsLangchain4jWithinTheWindow(text) ? 0 : 1;
            compared++;
        }
        for (int i = texts.size() - 16; i < texts.size(); i++) {
            longer += sameAsLangchain4jWithinTheWindow(texts.get(i)) ? 0 : 1;
        }
        assertThat(compared).isGreaterThan(1000);
        assertThat(longer).as("texts longer than the model's window").isPositive();
    }

    @Test
    void aLongTextsWindowsReadAtOnceGiveTheStatesTheyGiveOneByOneEvenWithOtherMessagesAtOnce() throws Exception {
        // a long story's windows run on this thread and the helper at once (stories' latency); each window is its
        // own inference, so its states must be the same floats as when the windows are run in turn, with two
        // patients' stories read at the same time too
        assertThat(MODEL.helpers()).as("a helper thread on this machine").isPositive();
        List<String> longer = corpus().stream().filter(t -> MODEL.tokens(t) > SentenceEmbeddings.MODEL_TOKENS)
                .distinct().toList();
        assertThat(longer).hasSizeGreaterThan(40);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < longer.size(); i++) {
                String text = longer.get(i);
                String alongside = longer.get((i + 1) % longer.size());
                Future<float[]> theirs = other.submit(() -> MODEL.embedParts(alongside, List.of(alongside)).get(0));
                List<float[]> atOnce = MODEL.embedParts(text, List.of(text));
                SentenceEmbeddings.Tokens oneByOne = MODEL.tokensOneByOne(text);
                assertThat(MODEL.embed(text)).as(text).containsExactly(oneByOne.vector());
                assertThat(atOnce.get(0)).as(text).containsExactly(oneByOne.pooled(0, text.strip().length()));
                assertThat(theirs.get()).as(alongside)
                        .containsExactly(MODEL.tokensOneByOne(alongside).pooled(0, alongside.strip().length()));
            }
        } finally {
            other.shutdownNow();
        }
    }

    /** True for a text within the model's window (then the same floats); false, and different, for a longer one. */
    private static boolean sameAsLangchain4jWithinTheWindow(String text) {
        float[] ours = MODEL.embedEach(List.of(text)).get(0);
        float[] theirs = MODEL.embedThroughLangchain4j(text);
        if (MODEL.tokens(text) <= SentenceEmbeddings.MODEL_TOKENS) {
            assertThat(ours).as(text).containsExactly(theirs);
            return true;
        }
        assertThat(ours).as("read past langchain4j's cut: " + text).isNotEqualTo(theirs);
        return false;
    }

    @Test
    void aLongStoryIsReadInWindowsToItsLastSentenceWithNoInferenceForItsSentences() {
        String story = "Honestly I don't know where to start. I lost my job at the warehouse in March and since then "
                + "everything has gone downhill, I'm behind on the rent and the landlord keeps texting, I've got a "
                + "universal credit appointment next week but I'm dreading it. I look after my mum as well because "
                + "she had a stroke and can't be left for long, so I can't take just any job. I'm not sleeping, I "
                + "feel low most of the time and I've stopped seeing my mates because I can't afford to go out. I "
                + "used to play football on Sundays and I miss that. I'd like to get back to work and maybe do a "
                + "course in something, forklift or IT, but I don't know what's out there for someone like me. "
                + "Sorry this is so long.";
        assertThat(MODEL.tokens(story)).isGreaterThan(SentenceEmbeddings.MODEL_TOKENS);
        List<String> sentences = SentenceEmbeddings.sentences(story, 32);
        long before = MODEL.inferences();
        float[] whole = MODEL.embed(story);
        List<float[]> parts = MODEL.embedParts(story, sentences);
        assertThat(MODEL.inferences() - before).as("the story read once, in two windows; nothing per sentence")
                .isEqualTo(1);
        assertThat(whole).isNotEqualTo(MODEL.embedThroughLangchain4j(story));
        assertThat(sentences.get(sentences.size() - 1)).isEqualTo("Sorry this is so long");
        for (int i = 0; i < sentences.size(); i++) {
            // in context a sentence reads a little differently (0.53 to 0.89 here); a window's tokens pooled for
            // the wrong sentence would not come near
            assertThat(cosine(parts.get(i), MODEL.embedThroughLangchain4j(sentences.get(i))))
                    .as("pooled in its window against alone: " + sentences.get(i)).isGreaterThan(0.5);
        }
    }

    @Test
    void aMessagesSentencesAtOnceAreEachWhatItGivesAloneInOrder() {
        List<String> sentences = List.of("I lost my job at the warehouse in March",
                "I'm behind on the rent and the landlord keeps texting", "I look after my mum",
                "I lost my job at the warehouse in March", "   ", "Sorry this is so long");
        List<float[]> each = MODEL.embedEach(sentences);
        assertThat(each).hasSize(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            float[] alone = sentences.get(i).isBlank() ? new float[SentenceEmbeddings.DIMENSIONS]
                    : MODEL.embedThroughLangchain4j(sentences.get(i));
            assertThat(each.get(i)).as(sentences.get(i)).containsExactly(alone);
        }
        assertThat(each.get(3)).isSameAs(each.get(0)); // a sentence said twice is embedded once
    }

    @Test
    void aMessageIsEmbeddedOnceAndItsSentencesDoNotPushItOut() {
        String message = "my knees are bad so I don't get out much; I'd love a gardening group";
        float[] whole = MODEL.embed(message);
        long before = MODEL.inferences();
        MODEL.embedEach(List.of("my knees are bad so I don't get out much", "I'd love a gardening group",
                "and a cup of tea", "on a Tuesday", "near Leeds"));
        assertThat(MODEL.inferences() - before).isEqualTo(5);
        assertThat(MODEL.embed(message)).isSameAs(whole);
        assertThat(MODEL.embedEach(List.of(message)).get(0)).isSameAs(whole);
        assertThat(MODEL.inferences() - before).isEqualTo(5);
    }

    @Test
    void aMessagesSentencesAreReadInItsOwnInferenceEachNearerItsOwnMeaning() {
        String message = "I lost my job at the warehouse in March. I'm behind on the rent! I look after my mum";
        List<String> parts = List.of("I lost my job at the warehouse in March", "I'm behind on the rent",
                "I look after my mum");
        float[] whole = MODEL.embed(message);
        long before = MODEL.inferences();
        List<float[]> pooled = MODEL.embedParts(message, parts);
        assertThat(MODEL.inferences() - before).as("the message's own inference, already run").isZero();
        assertThat(MODEL.embed(message)).isSameAs(whole);
        for (int i = 0; i < parts.size(); i++) {
            float[] alone = MODEL.embedThroughLangchain4j(parts.get(i));
            assertThat(cosine(pooled.get(i), pooled.get(i))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            for (int j = 0; j < parts.size(); j++) {
                if (j != i) {
                    assertThat(cosine(pooled.get(i), alone)).as(parts.get(i) + " nearer itself than " + parts.get(j))
                            .isGreaterThan(cosine(pooled.get(j), alone));
                }
            }
        }
    }

    @Test
    void aPartNotInTheMessageIsEmbeddedOnItsOwnAndBengaliIsPooledByItsOwnCharacters() {
        String message = "amar kono bondhu nai. ভাড়া দিতে পারছি না";
        List<float[]> pooled = MODEL.embedParts(message, List.of("ভাড়া দিতে পারছি না", "a gardening group",
                "amar kono bondhu nai"));
        assertThat(pooled.get(1)).as("not in the message").containsExactly(
                MODEL.embedThroughLangchain4j("a gardening group"));
        assertThat(cosine(pooled.get(0), MODEL.embedThroughLangchain4j("ভাড়া দিতে পারছি না"))).isGreaterThan(0.7);
        assertThat(cosine(pooled.get(2), MODEL.embedThroughLangchain4j("amar kono bondhu nai"))).isGreaterThan(0.7);
    }
}
