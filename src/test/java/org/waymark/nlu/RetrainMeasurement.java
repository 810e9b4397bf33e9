package org.waymark.nlu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.waymark.embedding.SentenceEmbeddings;
import org.waymark.evaluation.LabelledLines;
import org.waymark.safety.RiskByLanguage;
import org.waymark.safety.RiskDetector;
import org.waymark.safety.RiskEvaluation;
import org.waymark.safety.RiskHeads;
import org.waymark.taxonomy.Need;

/**
 * Not part of the suite (its name matches none of Surefire's patterns): the measurement docs/nlu.md quotes for a
 * retrain from link workers' corrections (issue 20), its time and its figures on the kept-apart sets. Run with
 * {@code mvn -o -q test -Dtest=RetrainMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Drisk=true} (and
 * {@code -Dpasses=, -Drepeat=, -Dlr=} to try other settings); it prints lines starting "RETRAIN".
 */
class RetrainMeasurement {
    static void p(String f, Object... a) {
        System.out.printf("RETRAIN " + f + "%n", a);
    }

    static <T> T kept(Supplier<T> work) {
        return SentenceEmbeddings.shared().keeping(work);
    }

    @Test
    void measure() throws Exception {
        int passes = Integer.getInteger("passes", 3);
        int repeat = Integer.getInteger("repeat", 10);
        double lr = Double.parseDouble(System.getProperty("lr", "3e-4"));
        NluByLanguage nlus = NluByLanguage.load(Path.of("nlp-models"));
        var needLines = LabelledLines.read(Path.of("nlp-models/kept-apart/needs.tsv"));
        var riskLines = LabelledLines.read(Path.of("nlp-models/kept-apart/risk.tsv"));
        String a = "the allotment committee never answers my letters";
        String b = "my hands are always itching to make pots again";
        p("before: %s / %s", nlus.english().parse(a).needs(), nlus.english().parse(b).needs());
        long t = System.nanoTime();
        double f0 = kept(() -> evaluate(needLines, nlus.english()));
        p("shipped needs F1 %.4f in %d ms", f0, (System.nanoTime() - t) / 1000000);
        var lessons = List.of(new NluHeads.Lesson(a, null, Set.of(Need.NATURE_GARDENING)),
                new NluHeads.Lesson(b, null, Set.of(Need.ARTS_CREATIVITY)));
        for (int round = 0; round < 2; round++) {
            t = System.nanoTime();
            NluHeads h = nlus.retrain(lessons, new NluHeads.Settings(passes, repeat, lr));
            p("nlu retrain %d ms (round %d), %d bytes", (System.nanoTime() - t) / 1000000, round, h.bytes().length);
            Nlu n = nlus.englishWith(nlus.readHeads(h.bytes()));
            t = System.nanoTime();
            double f1 = kept(() -> evaluate(needLines, n));
            p("after: %s / %s / %s; needs F1 %.4f in %d ms", n.parse(a).needs(), n.parse(b).needs(),
                    n.parse("My hands are always itching to make pots again!").needs(), f1,
                    (System.nanoTime() - t) / 1000000);
        }
        if (!Boolean.getBoolean("risk")) {
            return;
        }
        RiskByLanguage risks = RiskByLanguage.load(Path.of("nlp-models"));
        t = System.nanoTime();
        var r0 = kept(() -> evaluate(riskLines, risks.english()));
        p("shipped risk: recall %.4f suicide %.4f crisis FA %.4f checks %.4f in %d ms", r0.overallRecall(),
                r0.recall("suicide_self_harm"), r0.crisisFalseAlarms(), r0.checkPrompts(),
                (System.nanoTime() - t) / 1000000);
        List<String> risky = Files.readAllLines(Path.of("nlp-models/risk/risky.tsv")).stream().skip(1)
                .filter(l -> l.startsWith("suicide")).map(l -> l.substring(l.indexOf('\t') + 1)).limit(300).toList();
        List<String[]> trainingLines = new java.util.ArrayList<>();
        try (var files = Files.list(Path.of("nlp-models/risk"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".tsv") && !f.getFileName().toString()
                    .equals("risky-catalogue.tsv")).sorted().toList()) {
                Files.readAllLines(f).stream().skip(1).map(l -> l.split("\t", 2)).filter(l -> l.length == 2)
                        .forEach(trainingLines::add);
            }
        }
        kept(() -> { trainingLines.forEach(l -> risks.english().assess(l[1])); return null; });
        String missed = "I keep thinking about driving the car into the river";
        for (var ls : List.of(List.of(new RiskHeads.Lesson(missed, "suicide_self_harm", "urgent", false)),
                risky.stream().map(x -> new RiskHeads.Lesson(x, null, null, true)).toList())) {
            t = System.nanoTime();
            RiskHeads h = risks.retrain(ls);
            p("risk retrain %d ms, %d bytes", (System.nanoTime() - t) / 1000000, h.bytes().length);
            RiskDetector d = risks.englishWith(h);
            var r1 = kept(() -> evaluate(riskLines, d));
            p("retrained risk (%d lessons): recall %.4f suicide %.4f crisis FA %.4f checks %.4f; %s -> %s",
                    ls.size(), r1.overallRecall(), r1.recall("suicide_self_harm"), r1.crisisFalseAlarms(),
                    r1.checkPrompts(), risks.english().assess(missed), d.assess(missed));
            for (String c : List.of("suicide_self_harm", "harm_to_others", "abuse_safeguarding", "medical_emergency")) {
                p("  %s %.4f -> %.4f", c, r0.recall(c), r1.recall(c));
            }
            drift(trainingLines, risks.english(), d);
        }
    }

    /**
     * How far a retrain moves the answers on the training lines themselves, which the gate never reads: risky lines
     * the shipped check caught and the retrained one misses, and negatives it newly flags.
     */
    static void drift(List<String[]> lines, RiskDetector before, RiskDetector after) {
        int lost = 0, gained = 0, newAlarms = 0, cleared = 0, risky = 0, negatives = 0;
        for (String[] l : lines) {
            boolean b = kept(() -> !before.assess(l[1]).band().equals("none"));
            boolean a = kept(() -> !after.assess(l[1]).band().equals("none"));
            if (l[0].equals("none")) {
                negatives++;
                newAlarms += !b && a ? 1 : 0;
                cleared += b && !a ? 1 : 0;
            } else {
                risky++;
                lost += b && !a ? 1 : 0;
                gained += !b && a ? 1 : 0;
            }
        }
        p("drift on %d risky / %d negative training lines: caught->missed %d, missed->caught %d, new alarms %d, "
                + "cleared %d", risky, negatives, lost, gained, newAlarms, cleared);
    }

    static double evaluate(List<LabelledLines.Line> lines, Nlu nlu) {
        try {
            return NeedsEvaluation.evaluate(lines, nlu).microF1();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static RiskEvaluation.Result evaluate(List<LabelledLines.Line> lines, RiskDetector d) {
        try {
            return RiskEvaluation.evaluate(lines, d);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
