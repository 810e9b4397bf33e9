package org.waymark.conversation;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import org.waymark.WaymarkApplication;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;

/**
 * One conversation turn through {@code Conversations.handle} in the real app context, Redis included (the embedded
 * one, or {@code REDIS_URL}), no HTTP: risk check, NLU, dialog step, directory match where the dialog suggests,
 * session and transcript saved. Patients walk a whole self-referral and start again, so the figure is the mean
 * over a conversation's turns. {@code dialogStep} is the Spring Statemachine step alone.
 * {@code java -jar target/benchmarks.jar TurnBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TurnBenchmark {
    static final List<String> SCRIPT = List.of(
            "since my wife died I hardly see anyone and I'd like to meet people", "yes", "E1 6AN", "skip", "1",
            "no thanks");

    private ConfigurableApplicationContext context;
    private Conversations conversations;
    private DialogEngine engine;
    private String initial;

    @Setup(Level.Trial)
    public void start() throws IOException {
        String redis = System.getenv("REDIS_URL");
        context = SpringApplication.run(WaymarkApplication.class, "--server.port=0",
                "--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--logging.level.root=warn",
                "--waymark.accounts.admin-password=" + UUID.randomUUID(),
                "--waymark.redis.url=" + (redis == null ? "" : redis),
                "--waymark.redis.data-dir=" + Files.createTempDirectory("waymark-turn-bench"));
        conversations = context.getBean(Conversations.class);
        engine = context.getBean(DialogEngine.class);
        initial = engine.definition().initial();
    }

    @TearDown(Level.Trial)
    public void stop() {
        context.close();
    }

    /** One patient part-way through the script; each benchmark thread has its own. */
    @State(Scope.Thread)
    public static class Patient {
        String address;
        int step = -1;
    }

    @Benchmark
    public Turn turn(Patient p) {
        if (p.step < 0 || p.step >= SCRIPT.size()) {
            p.address = UUID.randomUUID().toString();
            p.step = 0;
            return conversations.start(Channel.WEBCHAT, p.address, null);
        }
        String text = SCRIPT.get(p.step++);
        return conversations.handle(new InboundMessage(Channel.WEBCHAT, p.address, null, text,
                UUID.randomUUID().toString()));
    }

    @Benchmark
    public DialogEngine.Step dialogStep() {
        return engine.step(initial, "greet", t -> true);
    }
}
