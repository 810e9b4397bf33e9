package org.waymark.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PatternPrefilterTest {

    private static final RiskPatterns PATTERNS = new RiskPatterns();

    @BeforeAll
    static void built() {
        PatternPrefilter.awaitBuilt();
    }

    @Test
    void widensAssertionsToTheEmptyStringAndKeepsTheRest() {
        assertThat(PatternPrefilter.widened("\\bkill(?:ing)? (?!not )\\w+ myself\\b"))
                .isEqualTo("()kill(ing)? ()[a-zA-Z0-9_]+ myself()");
        assertThat(PatternPrefilter.widened("(?<!hope i )\\bhit (?:\\w+ ){0,3}?by[sz']?$"))
                .isEqualTo("()()hit ([a-zA-Z0-9_]+ ){0,3}by[sz\\']?()");
        assertThat(PatternPrefilter.widened("a plan(?= ?$| ;| and i)")).isEqualTo("a plan()");
    }

    @Test
    void aPatternItCannotWidenRunsOnEveryText() {
        PatternPrefilter flags = PatternPrefilter.of(Pattern.compile("kill myself", Pattern.CASE_INSENSITIVE));
        PatternPrefilter dot = PatternPrefilter.of(Pattern.compile("\\bpills.*tonight"));
        PatternPrefilter.awaitBuilt();
        assertThat(flags.quick()).isFalse();
        assertThat(flags.mayFind("nothing like it")).isTrue();
        assertThat(dot.quick()).isFalse();
        assertThat(dot.mayFind("nothing like it")).isTrue();
    }

    @Test
    void saysNoWhereThePatternCannotFindAndYesWhereItCan() {
        PatternPrefilter quick = PatternPrefilter.of(Pattern.compile("\\bi (?:will|am going to) (?!not )\\w+ myself\\b"));
        PatternPrefilter.awaitBuilt();
        assertThat(quick.quick()).isTrue();
        assertThat(quick.mayFind("so i am going to hurt myself tonight")).isTrue();
        assertThat(quick.mayFind("the gas bill came and i will pay it friday")).isFalse();
        assertThat(quick.mayFind("")).isFalse();
    }

    @Test
    void everyRiskPatternHasItsDfa() {
        assertThat(PATTERNS.patterns()).hasSizeGreaterThan(60)
                .allSatisfy(p -> assertThat(PatternPrefilter.of(p).quick()).as(p.pattern()).isTrue());
    }

    /** The build writes every risk pattern's DFA into the jar, so start-up reads them instead of building them. */
    @Test
    void theBuildArchivesEveryRiskPatternsDfa() {
        assertThat(PatternPrefilterTest.class.getResource(PatternPrefilter.ARCHIVE)).isNotNull();
        assertThat(PATTERNS.patterns())
                .allSatisfy(p -> assertThat(PatternPrefilter.archived(p)).as(p.pattern()).isTrue());
        assertThat(PatternPrefilter.archived(Pattern.compile("\\bnot a risk rule\\b"))).isFalse();
    }

    /**
     * On every risk training line, as {@code RiskPatterns.assess} reads it: wherever a pattern finds something, its
     * prefilter said it might (so skipping where it says no changes no decision), and it says no on most of them.
     */
    @Test
    void neverSaysNoWhereARiskPatternFinds() throws IOException {
        TextNormaliser normaliser = new TextNormaliser();
        List<Pattern> patterns = PATTERNS.patterns();
        Pattern idioms = patterns.get(0);
        List<String> missed = new ArrayList<>();
        long checks = 0;
        long skipped = 0;
        for (String line : riskTrainingTexts()) {
            String normalised = normaliser.normalise(line);
            String masked = idioms.matcher(normalised).replaceAll(" idiom ");
            for (int i = 0; i < patterns.size(); i++) {
                String text = i == 0 ? normalised : masked;
                boolean finds = patterns.get(i).matcher(text).find();
                boolean may = PatternPrefilter.of(patterns.get(i)).mayFind(text);
                checks++;
                skipped += may ? 0 : 1;
                if (finds && !may) {
                    missed.add("pattern " + i + " on: " + text);
                }
            }
        }
        assertThat(missed).isEmpty();
        assertThat(checks).isGreaterThan(500_000);
        assertThat((double) skipped / checks).as("share of pattern runs skipped").isGreaterThan(0.95);
    }

    private static List<String> riskTrainingTexts() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("nlp-models", "risk"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    int tab = line.indexOf('\t');
                    if (tab > 0 && !line.startsWith("#")) {
                        texts.add(line.substring(tab + 1));
                    }
                }
            }
        }
        return texts;
    }
}
