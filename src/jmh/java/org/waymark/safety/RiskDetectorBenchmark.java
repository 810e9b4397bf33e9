package org.waymark.safety;

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
 * Latency of one {@code RiskDetector.assess}, which runs on every patient message in every state, over a mix of
 * ordinary and risky texts. {@code java -jar target/benchmarks.jar RiskDetector}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RiskDetectorBenchmark {
    private static final String[] MESSAGES = {
        "hi",
        "yes",
        "since my wife died I hardly see anyone and I'd like to meet people",
        "I'm behind on my rent and the debts keep piling up, the landlord keeps ringing and I cant sleep for worrying",
        "E1 6AN",
        "I don't see the point in anything any more, everyone would be better off without me",
        "my partner hits me when he's been drinking",
        "weekday mornings after 10 but not fridays",
        "I'm 16 and my stepdad scares me",
        "the second one",
    };

    private RiskDetector detector;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        detector = RiskDetectors.standard();
    }

    @Benchmark
    public Risk assess() {
        return detector.assess(MESSAGES[next++ % MESSAGES.length]);
    }
}
