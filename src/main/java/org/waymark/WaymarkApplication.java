package org.waymark;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WaymarkApplication {
    public static void main(String[] args) {
        if (args.length > 0 && "nlu".equals(args[0])) {
            // Command-line NLU tools: no web app, no Redis.
            System.exit(nlu(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(WaymarkApplication.class, args);
    }

    /** {@code nlu evaluate-risk FILE} needs the safety module, which the NLU's own commands must not reach. */
    private static int nlu(String[] args) {
        String language = org.waymark.evaluation.LabelledLines.languageFlag(args);
        String[] plain = org.waymark.evaluation.LabelledLines.withoutLanguageFlag(args);
        if (plain.length == 2 && "evaluate-risk".equals(plain[0])) {
            // the language from --language=bn, or from the path (nlp-models/bn/...), else English
            org.waymark.nlu.NluCommand.quietLogging();
            try {
                java.nio.file.Path file = java.nio.file.Path.of(plain[1]);
                return org.waymark.safety.RiskEvaluation.run(file,
                        org.waymark.evaluation.LabelledLines.language(file, language), System.out);
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("nlu evaluate-risk failed: " + e.getMessage());
                return 1;
            }
        }
        if (args.length >= 1 && args.length <= 3 && ("compare-risk".equals(args[0]) || "tune-risk".equals(args[0]))) {
            org.waymark.nlu.NluCommand.quietLogging();
            try {
                org.waymark.safety.RiskComparison.run(java.nio.file.Path.of(args.length >= 2 ? args[1]
                        : "nlp-models/risk"), args.length == 3 ? java.nio.file.Path.of(args[2]) : null,
                        "tune-risk".equals(args[0]), System.out);
                return 0;
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("nlu compare-risk failed: " + e.getMessage());
                return 1;
            }
        }
        if (args.length >= 1 && "compare".equals(args[0]) && args.length <= 3) {
            // nlu compare [RISK.tsv NEEDS.tsv]: both tables, on the kept-apart sets by default (docs/nlu.md)
            org.waymark.nlu.NluCommand.quietLogging();
            try {
                org.waymark.safety.RiskComparison.run(java.nio.file.Path.of("nlp-models/risk"), java.nio.file.Path.of(
                        args.length == 3 ? args[1] : "nlp-models/kept-apart/risk.tsv"), System.out);
                return org.waymark.nlu.NluCommand.run(new String[] {"compare-needs", "nlp-models",
                    args.length == 3 ? args[2] : "nlp-models/kept-apart/needs.tsv"});
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("nlu compare failed: " + e.getMessage());
                return 1;
            }
        }
        if (plain.length >= 2 && plain.length <= 3 && "train-risk".equals(plain[0])) {
            // nlu train-risk bn [MODELS_DIR]: one language's risk net alone; en: English's, in MODELS_DIR/risk
            org.waymark.nlu.NluCommand.quietLogging();
            java.nio.file.Path models = java.nio.file.Path.of(plain.length == 3 ? plain[2] : "nlp-models");
            try {
                System.out.println("en".equals(plain[1])
                        ? org.waymark.safety.RiskDetectors.train(models.resolve("risk"))
                        : org.waymark.safety.RiskDetectors.trainLanguage(models, plain[1]));
                return 0;
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("nlu train-risk failed: " + e.getMessage());
                return 1;
            }
        }
        int status = org.waymark.nlu.NluCommand.run(args);
        if (status == 0 && args.length <= 2 && "train".equals(args[0])) {
            // the risk nets' lines live in the models folder's risk/: retrained with the NLU's models
            try {
                System.out.println(org.waymark.safety.RiskDetectors.train(java.nio.file.Path.of(
                        args.length == 2 ? args[1] : "nlp-models", "risk")));
                // and every other language's, from nlp-models/<code>/risk/
                String languages = org.waymark.safety.RiskDetectors.trainLanguages(java.nio.file.Path.of(
                        args.length == 2 ? args[1] : "nlp-models"));
                if (!languages.isEmpty()) {
                    System.out.println(languages);
                }
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("nlu train failed for the risk nets: " + e.getMessage());
                return 1;
            }
        }
        return status;
    }

    /** One clock for the whole app, so tests can move time forward (follow-ups, expiry). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
