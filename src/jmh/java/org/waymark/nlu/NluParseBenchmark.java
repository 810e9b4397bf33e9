package org.waymark.nlu;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one {@code Nlu.parse} over a mix of patient messages, short and long. Sample mode reports percentiles
 * (p0.99 is the figure to watch; target under 1 ms). Run from the project root:
 * {@code mvn -Pbench -DskipTests package && java -jar target/benchmarks.jar NluParse}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NluParseBenchmark {

    private static final String[] MESSAGES = {
        "hi",
        "lonely and skint",
        "since my wife died I hardly see anyone and I'd like to meet people",
        "I'm behind on my rent and the debts keep piling up, the landlord keeps ringing and I cant sleep for worrying",
        "yeah go on then",
        "STOP",
        "e16an",
        "weekday mornings after 10 but not fridays",
        "cant c u m8 wot time is it on",
        "the second one",
        "I care for my husband who has dementia and I never get a break, I'd love to do some gardening or painting",
    };
    private static final List<String> OPTIONS = List.of("Riverside Walking Group", "Knit and Natter", "Men's Shed");

    private Nlu nlu;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        String dir = System.getProperty("waymark.nlu.models-dir", "nlp-models");
        nlu = new OpenNlpNlu(OpenNlpNlu.loadOrBuild(Path.of(dir)), EntityExtractor.withPackagedOutcodes(), 0.4, 0.1);
    }

    @Benchmark
    public Parse parse() {
        String text = MESSAGES[next++ % MESSAGES.length];
        return next % 5 == 0 ? nlu.parse(text, OPTIONS) : nlu.parse(text);
    }
}
