package org.waymark.nlu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.waymark.embedding.CharGrams;
import org.waymark.embedding.Folds;

/**
 * Tells a language written in the Latin script ("ami khub eka", "taka nai": Bengali as people text it) from
 * English, learnt from data: for each language with Latin-script lines in its training files (NLU and risk), a
 * naive Bayes model of character 1-4-grams and words, that language's Latin lines against every English training
 * line. A message's score is the mean log-likelihood ratio of its features, so long and short messages compare
 * alike; it is that language from a threshold chosen by {@value #FOLDS}-fold cross-validation on the same lines:
 * the lowest at which at most {@value #ENGLISH_BUDGET} of the English lines' out-of-fold scores reach it. English
 * misread as another language would miss the English risk check, so the budget is tight. Trained in about a second
 * when first needed; nothing is stored. A third language with Latin-script lines works the same way. Thread-safe
 * once built.
 */
final class LatinScriptLanguages {

    static final int FOLDS = 5;
    /** The share of English training lines that may be read as another language, out of fold. */
    static final double ENGLISH_BUDGET = 0.002;
    /** The fewest words and letters a message needs before it may be called another language. */
    static final int MIN_WORDS = 2;
    static final int MIN_LETTERS = 6;
    /** A line of a language's files counts as Latin-script when this share of its letters are Latin. */
    static final double LATIN_SHARE = 0.8;
    private static final int BUCKETS = 1 << 20;
    private static final double ALPHA = 0.1;
    /** The share of a language's own lines (out of fold) that the plausibility check may turn away. */
    static final double COVERAGE_LOSS = 0.05;
    private static final long SEED = 23L;

    /** One language's model against English: feature counts of each, and its threshold. */
    record Model(String language, int[] english, long englishTotal, int[] other, long otherTotal, double threshold,
                 double minCoverage, java.util.Set<Integer> letters, int englishLines, int otherLines, double recall,
                 double englishMisread) {

        double score(int[] features) {
            return LatinScriptLanguages.score(features, english, englishTotal, other, otherTotal);
        }

        /**
         * Whether a message could be this language at all, not only "not English": its longer features (words and
         * 3-4-grams) seen in this language's lines often enough, and no accented letter its lines never use
         * (Polish "ę", Romanian "ă").
         */
        boolean plausible(String text, int[] longFeatures) {
            for (int i = 0; i < text.length(); ) {
                int c = Character.toLowerCase(text.codePointAt(i));
                i += Character.charCount(c);
                if (c > 0x7F && Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN
                        && !letters.contains(c)) {
                    return false;
                }
            }
            return coverage(longFeatures, other) >= minCoverage;
        }
    }

    private final List<Model> models;

    LatinScriptLanguages(List<Model> models) {
        this.models = List.copyOf(models);
    }

    List<Model> models() {
        return models;
    }

    /** The language a Latin-script message is in, if one of the models is sure it is not English. */
    java.util.Optional<String> languageOf(String text) {
        List<String> words = CharGrams.words(text);
        long letters = text == null ? 0 : text.codePoints().filter(Character::isLetter).count();
        if (words.size() < MIN_WORDS || letters < MIN_LETTERS || models.isEmpty()) {
            return java.util.Optional.empty();
        }
        int[] features = features(words);
        int[] longFeatures = longFeatures(words);
        String best = null;
        double margin = 0;
        for (Model m : models) {
            double s = m.score(features) - m.threshold();
            if (s >= 0 && m.plausible(text, longFeatures) && (best == null || s > margin)) {
                best = m.language();
                margin = s;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    // --- training

    /** The models for every language in {@code modelsDir} with enough Latin-script lines (or the jar's copies). */
    static LatinScriptLanguages train(Path modelsDir) {
        List<String> english = new ArrayList<>();
        english.addAll(nluTexts(modelsDir, Languages.ENGLISH));
        english.addAll(riskTexts(modelsDir, Languages.ENGLISH));
        List<Model> models = new ArrayList<>();
        for (String code : Languages.others(modelsDir)) {
            List<String> latin = new ArrayList<>();
            Stream.concat(nluTexts(modelsDir, code).stream(), riskTexts(modelsDir, code).stream())
                    .filter(LatinScriptLanguages::isLatin).forEach(latin::add);
            if (latin.size() >= 50) {
                models.add(train(code, english, latin));
            }
        }
        return new LatinScriptLanguages(models);
    }

    /** Whether a line is written in the Latin script: most of its letters Latin. */
    static boolean isLatin(String text) {
        int letters = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c)) {
                letters++;
                latin += Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN ? 1 : 0;
            }
        }
        return letters > 0 && latin >= LATIN_SHARE * letters;
    }

    static Model train(String code, List<String> english, List<String> other) {
        List<int[]> features = new ArrayList<>();
        List<Boolean> isOther = new ArrayList<>();
        List<Boolean> judged = new ArrayList<>();
        List<int[]> longOnes = new ArrayList<>();
        for (String t : english) {
            List<String> words = CharGrams.words(t);
            features.add(features(words));
            isOther.add(false);
            judged.add(judged(t, words));
            longOnes.add(null);
        }
        for (String t : other) {
            List<String> words = CharGrams.words(t);
            features.add(features(words));
            isOther.add(true);
            judged.add(judged(t, words));
            longOnes.add(longFeatures(words));
        }
        int[] fold = Folds.stratified(isOther.stream().map(b -> b ? code : "en").toList(), FOLDS, SEED);
        int[][] en = new int[FOLDS][BUCKETS];
        int[][] ot = new int[FOLDS][BUCKETS];
        long[] enTotal = new long[FOLDS];
        long[] otTotal = new long[FOLDS];
        int[] enAll = new int[BUCKETS];
        int[] otAll = new int[BUCKETS];
        long enAllTotal = 0;
        long otAllTotal = 0;
        for (int i = 0; i < features.size(); i++) {
            int f = fold[i];
            for (int b : features.get(i)) {
                if (isOther.get(i)) {
                    ot[f][b]++;
                    otAll[b]++;
                } else {
                    en[f][b]++;
                    enAll[b]++;
                }
            }
            if (isOther.get(i)) {
                otTotal[f] += features.get(i).length;
                otAllTotal += features.get(i).length;
            } else {
                enTotal[f] += features.get(i).length;
                enAllTotal += features.get(i).length;
            }
        }
        // out of fold: each line scored by the counts of the other folds (all minus its own fold's)
        double[] oof = new double[features.size()];
        double[] coverageOf = new double[features.size()];
        List<Double> otherCoverage = new ArrayList<>();
        int[] enTrain = new int[BUCKETS];
        int[] otTrain = new int[BUCKETS];
        for (int f = 0; f < FOLDS; f++) {
            for (int b = 0; b < BUCKETS; b++) {
                enTrain[b] = enAll[b] - en[f][b];
                otTrain[b] = otAll[b] - ot[f][b];
            }
            for (int i = 0; i < features.size(); i++) {
                if (fold[i] == f) {
                    oof[i] = score(features.get(i), enTrain, enAllTotal - enTotal[f], otTrain,
                            otAllTotal - otTotal[f]);
                    if (isOther.get(i) && judged.get(i)) {
                        coverageOf[i] = coverage(longOnes.get(i), otTrain);
                        otherCoverage.add(coverageOf[i]);
                    }
                }
            }
        }
        List<Double> englishScores = new ArrayList<>();
        for (int i = 0; i < oof.length; i++) {
            // only the lines the detector would judge: two words and six letters or more
            if (!isOther.get(i) && judged.get(i)) {
                englishScores.add(oof[i]);
            }
        }
        double[] sorted = englishScores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int allowed = (int) Math.floor(ENGLISH_BUDGET * sorted.length);
        double threshold = sorted.length == 0 ? 0 : Math.max(0, Math.nextUp(sorted[sorted.length - 1 - allowed]));
        // plausible: as much of the message seen in the language's lines as all but COVERAGE_LOSS of its own lines
        double[] coverages = otherCoverage.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double minCoverage = coverages.length == 0 ? 1 : coverages[(int) Math.floor(COVERAGE_LOSS * coverages.length)];
        java.util.Set<Integer> letters = new java.util.HashSet<>();
        other.forEach(t -> t.toLowerCase(Locale.ROOT).codePoints().filter(c -> c > 0x7F && Character.isLetter(c))
                .forEach(letters::add));
        int caught = 0;
        int judgedOther = 0;
        int misread = 0;
        for (int i = 0; i < oof.length; i++) {
            if (!judged.get(i)) {
                continue;
            }
            if (isOther.get(i)) {
                judgedOther++;
                caught += oof[i] >= threshold && coverageOf[i] >= minCoverage ? 1 : 0;
            } else {
                misread += oof[i] >= threshold ? 1 : 0;
            }
        }
        return new Model(code, enAll, enAllTotal, otAll, otAllTotal, threshold, minCoverage, Set.copyOf(letters),
                english.size(), other.size(),
                judgedOther == 0 ? 0 : (double) caught / judgedOther,
                sorted.length == 0 ? 0 : (double) misread / sorted.length);
    }

    private static boolean judged(String text, List<String> words) {
        return words.size() >= MIN_WORDS && text.codePoints().filter(Character::isLetter).count() >= MIN_LETTERS;
    }

    /** Mean log-likelihood ratio, other language over English, of the features (Laplace smoothed). */
    static double score(int[] features, int[] english, long englishTotal, int[] other, long otherTotal) {
        if (features.length == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        double enDenominator = englishTotal + ALPHA * BUCKETS;
        double otDenominator = otherTotal + ALPHA * BUCKETS;
        for (int b : features) {
            sum += Math.log((other[b] + ALPHA) / otDenominator) - Math.log((english[b] + ALPHA) / enDenominator);
        }
        return sum / features.length;
    }

    /** The share of these features seen at least once in the counts; 0 for none. */
    static double coverage(int[] features, int[] counts) {
        if (features.length == 0) {
            return 0;
        }
        int seen = 0;
        for (int b : features) {
            seen += counts[b] > 0 ? 1 : 0;
        }
        return (double) seen / features.length;
    }

    /** The buckets of a message's words and character 3-4-grams: what tells one language from another. */
    static int[] longFeatures(List<String> words) {
        return grams(words, 3);
    }

    /** The buckets of a message's words and character 1-4-grams (with the word's edges). */
    static int[] features(List<String> words) {
        return grams(words, 1);
    }

    /** Each word's bucket and those of its character n-grams from {@code minN} to 4, with the word's edges. */
    private static int[] grams(List<String> words, int minN) {
        int size = 0;
        for (String w : words) {
            int len = w.length() + 2;
            size += 1;
            for (int n = minN; n <= 4; n++) {
                size += Math.max(0, len - n + 1);
            }
        }
        int[] out = new int[size];
        int k = 0;
        for (String w : words) {
            out[k++] = bucket("w=" + w, 0, w.length() + 2, true);
            String padded = "_" + w + "_";
            for (int n = minN; n <= 4; n++) {
                for (int i = 0; i + n <= padded.length(); i++) {
                    out[k++] = bucket(padded, i, i + n, false);
                }
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    /** FNV-1a of {@code s[from, to)} (the whole string for a word feature), spread over the buckets. */
    private static int bucket(String s, int from, int to, boolean whole) {
        long h = 0xcbf29ce484222325L;
        int end = whole ? s.length() : to;
        for (int i = whole ? 0 : from; i < end; i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h *= 0x9E3779B97F4A7C15L;
        return (int) ((h >>> 20) & (BUCKETS - 1));
    }

    // --- the lines

    /** A language's intent and need examples, or none when it has no data. */
    static List<String> nluTexts(Path modelsDir, String language) {
        try {
            TrainingData data = TrainingData.load(Languages.source(modelsDir, language), Languages.prefix(language));
            List<String> out = new ArrayList<>();
            data.intents().values().forEach(out::addAll);
            data.needs().forEach(n -> out.add(n.text()));
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The texts of a language's risk lines ({@code risk/*.tsv}, {@code label<TAB>text}; {@code *.txt}, a space). */
    static List<String> riskTexts(Path modelsDir, String language) {
        Path dir = Languages.dir(modelsDir, language).resolve("risk");
        Map<String, List<String>> files = new LinkedHashMap<>();
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    for (Path f : list.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(".tsv") || name.endsWith(".txt")) {
                            files.put(name, Files.readAllLines(f, StandardCharsets.UTF_8));
                        }
                    }
                }
            } else if (!Files.isDirectory(modelsDir)) {
                for (Resource r : new PathMatchingResourcePatternResolver(LatinScriptLanguages.class.getClassLoader())
                        .getResources("classpath*:nlp-models/" + Languages.prefix(language) + "risk/*.*")) {
                    String name = r.getFilename();
                    if (name != null && (name.endsWith(".tsv") || name.endsWith(".txt"))) {
                        try (InputStream in = r.getInputStream()) {
                            files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
                        }
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        files.forEach((name, lines) -> {
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#") || line.strip().equals("label\ttext")) {
                    continue;
                }
                int cut = name.endsWith(".tsv") ? line.indexOf('\t') : line.indexOf(' ');
                if (cut > 0) {
                    out.add(line.substring(cut + 1).strip());
                }
            }
        });
        return out;
    }

    /** The models' cross-validated figures, one line each. */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (Model m : models) {
            b.append(String.format(Locale.ROOT, "%s vs English (%d Latin-script lines, %d English): threshold %.3f, "
                    + "coverage from %.3f; out of fold %.3f of its lines caught, %.4f of English lines misread%n",
                    m.language(), m.otherLines(), m.englishLines(), m.threshold(), m.minCoverage(), m.recall(),
                    m.englishMisread()));
        }
        return b.toString();
    }
}
