package org.waymark.nlu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.LoggerFactory;

import org.waymark.evaluation.LabelledLines;

/** {@code java -jar waymark.jar nlu train|evaluate ...}: runs without Spring or Redis. */
public final class NluCommand {
    private NluCommand() {
    }

    public static int run(String[] args) {
        quietLogging();
        if (args.length == 0) {
            args = new String[] {"help"};
        }
        try {
            if (args.length >= 2 && args[0].equals("train-language") && args.length <= 3) {
                // one language's NLU models alone: nlu train-language bn [MODELS_DIR]
                trainLanguage(Path.of(args.length == 3 ? args[2] : defaultDir()), args[1]);
                return 0;
            }
            if (args.length >= 1 && args[0].equals("train") && args.length <= 2) {
                return train(Path.of(args.length == 2 ? args[1] : defaultDir()));
            }
            if (args.length == 3 && args[0].equals("evaluate")) {
                return evaluate(Path.of(args[1]), Path.of(args[2]));
            }
            if (args.length <= 3 && (args[0].equals("compare-needs") || args[0].equals("tune-needs"))) {
                NeedsComparison.run(Path.of(args.length >= 2 ? args[1] : defaultDir()),
                        args.length == 3 ? Path.of(args[2]) : null, args[0].equals("tune-needs"), System.out);
                return 0;
            }
            if ((args.length == 2 || args.length == 3) && args[0].equals("cv-intents")) {
                IntentCrossValidation.run(Path.of(args[1]), Path.of(args.length == 3 ? args[2] : defaultDir()),
                        System.out);
                return 0;
            }
            String[] plain = LabelledLines.withoutLanguageFlag(args);
            if (plain.length == 2 && plain[0].equals("evaluate-needs")) {
                // the language from --language=bn, or from the path (nlp-models/bn/...), else English
                Path file = Path.of(plain[1]);
                String language = Languages.code(LabelledLines.language(file, LabelledLines.languageFlag(args)));
                Nlu nlu;
                if (language.equals(Languages.ENGLISH)) {
                    nlu = new OpenNlpNlu(OpenNlpNlu.loadOrBuild(Path.of(defaultDir())),
                            EntityExtractor.withPackagedOutcodes(),
                            Double.parseDouble(NluSettings.DEFAULT_MIN_CONFIDENCE),
                            Double.parseDouble(NluSettings.DEFAULT_MIN_MARGIN));
                } else {
                    Path dir = Path.of(defaultDir());
                    if (!Languages.others(dir).contains(language)) {
                        throw new IllegalArgumentException("no training data for language '" + language + "' in "
                                + Languages.dir(dir, language).toAbsolutePath());
                    }
                    System.out.println("language: " + language);
                    nlu = new LanguageNlu(language, LanguageNlu.loadOrBuild(dir, language),
                            EntityExtractor.withPackagedOutcodes(),
                            Double.parseDouble(NluSettings.DEFAULT_MIN_CONFIDENCE),
                            Double.parseDouble(NluSettings.DEFAULT_MIN_MARGIN),
                            LanguageNlu.entityWords(Languages.source(dir, language), Languages.prefix(language)));
                }
                NeedsEvaluation.print(NeedsEvaluation.evaluate(LabelledLines.read(file), nlu), System.out);
                return 0;
            }
        } catch (Exception e) {
            System.err.println("nlu " + args[0] + " failed: " + e.getMessage());
            return 1;
        }
        System.err.println("usage: nlu train [MODELS_DIR] | nlu train-language CODE [MODELS_DIR]"
                + " | nlu train-risk CODE [MODELS_DIR] | nlu evaluate TRAIN.tsv TEST.tsv"
                + " | nlu evaluate-needs FILE [--language=CODE] | nlu evaluate-risk FILE [--language=CODE]"
                + " | nlu compare [RISK.tsv NEEDS.tsv] | nlu compare-risk [RISK_DIR [RISK.tsv]]"
                + " | nlu compare-needs [MODELS_DIR [NEEDS.tsv]] | nlu cv-intents BENCHMARK_DIR [MODELS_DIR]");
        return 2;
    }

    private static int train(Path dir) throws Exception {
        if (!Files.isRegularFile(dir.resolve(TrainingData.INTENTS_FILE))) {
            System.err.println("no training data at " + dir.resolve(TrainingData.INTENTS_FILE).toAbsolutePath());
            return 1;
        }
        long start = System.nanoTime();
        TrainingData data = TrainingData.load(name -> Files.readAllBytes(dir.resolve(name)));
        NluModels models = NluModels.train(data);
        models.write(dir);
        System.out.printf("trained on %d intent examples and %d need examples in %d ms; models written to %s%n",
                data.intentExamples().size(), data.needs().size(), (System.nanoTime() - start) / 1_000_000,
                dir.toAbsolutePath());
        for (String language : Languages.others(dir)) {
            trainLanguage(dir, language);
        }
        return 0;
    }

    /** A language's intent and needs models: the candidates cross-validated, the best trained and saved. */
    static void trainLanguage(Path dir, String language) throws java.io.IOException {
        long start = System.nanoTime();
        TrainingData data = TrainingData.load(Languages.source(dir, language), Languages.prefix(language));
        LanguageModels models = LanguageModels.train(data, language);
        models.write(Languages.dir(dir, language));
        models.printReport(System.out);
        System.out.printf("%s: trained on %d intent examples and %d need examples in %d ms; models written to %s%n",
                language, data.intentExamples().size(), data.needs().size(), (System.nanoTime() - start) / 1_000_000,
                Languages.dir(dir, language).toAbsolutePath());
    }

    private static int evaluate(Path trainFile, Path testFile) throws Exception {
        List<IntentClassifier.Example> train = Evaluation.readTsv(trainFile);
        List<IntentClassifier.Example> test = Evaluation.readTsv(testFile);
        Evaluation.print(Evaluation.run(train, test), System.out);
        return 0;
    }

    private static String defaultDir() {
        String env = System.getenv("WAYMARK_NLU_MODELS_DIR");
        return env == null || env.isBlank() ? "nlp-models" : env;
    }

    /** Without Spring, logback logs everything at debug; the trainers' progress would drown the figures. */
    public static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
