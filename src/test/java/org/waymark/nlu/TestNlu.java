package org.waymark.nlu;

import java.nio.file.Path;

/** One NLU for all tests in this JVM, loaded from the project's {@code nlp-models/} as the app does. */
final class TestNlu {
    static final NluModels MODELS = OpenNlpNlu.loadOrBuild(Path.of("nlp-models"));
    static final EntityExtractor ENTITIES = EntityExtractor.withPackagedOutcodes();
    static final OpenNlpNlu NLU = new OpenNlpNlu(MODELS, ENTITIES, 0.4, 0.1);

    private TestNlu() {
    }
}
