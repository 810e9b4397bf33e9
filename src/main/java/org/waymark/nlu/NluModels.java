package org.waymark.nlu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trained intent and needs models and the hash of the training data they were built from. Kept in
 * {@code nlp-models/} beside the data; a model whose hash differs from the data's is stale and gets rebuilt.
 * {@code embeddedNeeds} is the needs model on sentence embeddings ({@link EmbeddingNeeds}).
 */
record NluModels(IntentClassifier intents, NeedsClassifier needs, EmbeddingNeeds embeddedNeeds, String dataHash) {

    /** Bumped when features or settings change, so models built by an older pipeline count as stale. */
    static final String PIPELINE_VERSION = "waymark-nlu-6";
    static final String INTENT_MODEL = "intent-model.bin.gz";
    static final String NEEDS_MODEL = "needs-model.bin.gz";
    static final String EMBEDDED_NEEDS_MODEL = "needs-embedding-model.bin";
    static final String HASH_FILE = "training-data.sha256";
    /** Share of the needs model's probability from which a need counts as present. */
    static final double NEED_THRESHOLD = 0.25;

    private static final Logger log = LoggerFactory.getLogger(NluModels.class);

    static NluModels train(TrainingData data) {
        // the intent and needs nets learn from the same texts: each is embedded once for both
        List<IntentClassifier.Example> intentExamples = data.intentExamples();
        List<EmbeddingNeeds.Example> needExamples = EmbeddingNeeds.examples(data);
        List<String> texts = new ArrayList<>(new LinkedHashSet<>(java.util.stream.Stream.concat(
                intentExamples.stream().map(IntentClassifier.Example::text),
                needExamples.stream().map(EmbeddingNeeds.Example::text)).toList()));
        List<float[]> vectors = org.waymark.embedding.SentenceEmbeddings.shared().embedAll(texts);
        Map<String, float[]> vectorOf = new HashMap<>(texts.size() * 2);
        for (int i = 0; i < texts.size(); i++) {
            vectorOf.put(texts.get(i), vectors.get(i));
        }
        return new NluModels(IntentClassifier.trainIntents(intentExamples,
                intentExamples.stream().map(e -> vectorOf.get(e.text())).toList(), IntentClassifier.EMBEDDING),
                NeedsClassifier.train(data, NEED_THRESHOLD),
                EmbeddingNeeds.train(needExamples, needExamples.stream().map(e -> vectorOf.get(e.text())).toList(),
                        EmbeddingNeeds.DEFAULT), data.hash());
    }

    /** The same models with other heads on sentence embeddings (a retrained version's, issue 20). */
    NluModels with(IntentClassifier.EmbeddedModel intentNet, EmbeddingNeeds needsNet) {
        return new NluModels(intents.withEmbedded(intentNet), needs, needsNet, dataHash);
    }

    /** Writes the models and then the hash, each through a temporary file, so a crash never leaves a fresh hash. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(INTENT_MODEL), intents::write);
        writeAtomically(dir.resolve(NEEDS_MODEL), needs::write);
        writeAtomically(dir.resolve(EMBEDDED_NEEDS_MODEL), embeddedNeeds::write);
        writeAtomically(dir.resolve(HASH_FILE), out -> out.write((dataHash + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** The stored models, if they were built from exactly this data. */
    static Optional<NluModels> readIfFresh(TrainingData.Source source, String dataHash) {
        try {
            String stored = new String(source.read(HASH_FILE), StandardCharsets.UTF_8).trim();
            if (!stored.equals(dataHash)) {
                return Optional.empty();
            }
            IntentClassifier intents;
            try (InputStream in = new ByteArrayInputStream(source.read(INTENT_MODEL))) {
                intents = IntentClassifier.read(in, Features.DEFAULT);
            }
            NeedsClassifier needs;
            try (InputStream in = new ByteArrayInputStream(source.read(NEEDS_MODEL))) {
                needs = NeedsClassifier.read(in, NEED_THRESHOLD);
            }
            EmbeddingNeeds embedded;
            try (InputStream in = new ByteArrayInputStream(source.read(EMBEDDED_NEEDS_MODEL))) {
                embedded = EmbeddingNeeds.read(in);
            }
            return Optional.of(new NluModels(intents, needs, embedded, dataHash));
        } catch (IOException | RuntimeException e) {
            log.info("NLU models missing or unreadable ({}): they will be rebuilt", e.toString());
            return Optional.empty();
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Writer writer) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(bytes);
        Files.write(tmp, bytes.toByteArray());
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
