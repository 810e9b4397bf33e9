package org.waymark.nlu;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.waymark.safety.RiskDetector;
import org.waymark.safety.RiskDetectors;

/**
 * What one free-text patient message costs before the dialog moves: the risk check and then the NLU parse, on one
 * thread, as {@code ConversationService} runs them (they share the message's sentence embedding). Sample mode,
 * percentiles in milliseconds; target p99 at most 15 ms on the 2-core build machine. {@code short} is the mix of
 * everyday messages of the other benchmarks; {@code story} is a 600 to 1,000 character message.
 * {@code java -jar target/benchmarks.jar RiskDetectorAndNluParse}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RiskDetectorAndNluParseBenchmark {

    private static final String[] SHORT = {
        "hi",
        "lonely and skint",
        "since my wife died I hardly see anyone and I'd like to meet people",
        "I'm behind on my rent and the debts keep piling up, the landlord keeps ringing and I cant sleep for worrying",
        "yeah go on then",
        "I don't see the point in anything any more, everyone would be better off without me",
        "my partner hits me when he's been drinking",
        "weekday mornings after 10 but not fridays",
        "cant c u m8 wot time is it on",
        "I care for my husband who has dementia and I never get a break, I'd love to do some gardening or painting",
    };
    private static final String[] STORY = {
        "I'm 67 and I live on my own since my husband passed two years ago. Most days I don't speak to anyone and the "
            + "evenings are the worst. My pension just about covers the bills but the gas has gone up so much I sit "
            + "with a blanket rather than put the heating on. My knees are bad so I don't get out much, though I used "
            + "to love walking and I had an allotment for twenty years. My daughter lives in Leeds and rings on "
            + "Sundays. I'd like something to do in the week, maybe a group where I could sit with people and have a "
            + "cup of tea, or something with gardening if my knees allow it.",
        "Honestly I don't know where to start. I lost my job at the warehouse in March and since then everything has "
            + "gone downhill, I'm behind on the rent and the landlord keeps texting, I've got a universal credit "
            + "appointment next week but I'm dreading it. I look after my mum as well because she had a stroke and "
            + "can't be left for long, so I can't take just any job. I'm not sleeping, I feel low most of the time "
            + "and I've stopped seeing my mates because I can't afford to go out. I used to play football on "
            + "Sundays and I miss that. I'd like to get back to work and maybe do a course in something, forklift "
            + "or IT, but I don't know what's out there for someone like me. Sorry this is so long.",
    };

    @Param({"short", "story"})
    public String messages;

    private RiskDetector risks;
    private Nlu nlu;
    private String[] texts;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        String dir = System.getProperty("waymark.nlu.models-dir", "nlp-models");
        nlu = new OpenNlpNlu(OpenNlpNlu.loadOrBuild(Path.of(dir)), EntityExtractor.withPackagedOutcodes(), 0.4, 0.1);
        risks = RiskDetectors.standard();
        texts = messages.equals("story") ? STORY : SHORT;
    }

    @Benchmark
    public void riskThenParse(Blackhole out) {
        // the next message each call: the embedding is shared within one message, never carried to the next
        String text = texts[next++ % texts.length];
        out.consume(risks.assess(text));
        out.consume(nlu.parse(text));
    }
}
