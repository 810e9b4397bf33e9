package org.waymark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.RealHttp;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.HandoffStatus;
import org.waymark.handoff.Handoffs;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/prometheus} over real HTTP: an administrator's figures (not a link worker's, not anyone's), and
 * what a patient's conversation adds to them: turns, a risk flag, a handoff opened, claimed and its wait.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MetricsEndpointTest {
    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    MeterRegistry registry;
    @Autowired
    Handoffs handoffs;

    RealHttp http;

    @BeforeEach
    void setUp() {
        http = new RealHttp(port, json);
    }

    @Test
    void theFiguresAreForAnAdministratorOnly() {
        assertThat(http.get("/actuator/prometheus", null).statusCode()).as("anyone").isEqualTo(401);
        assertThat(http.get("/actuator/prometheus", RealHttp.SAM).statusCode()).as("a link worker").isEqualTo(403);
        HttpResponse<String> admin = http.get("/actuator/prometheus", RealHttp.ADMIN);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(admin.body()).contains("# TYPE waymark_directory_stale gauge")
                .contains("waymark_turns_total{channel=\"webchat\"}").contains("waymark_turns_total{channel=\"sms\"}")
                .contains("jvm_memory_used_bytes");
        // the health probes stay public, and nothing else of the actuator is
        assertThat(http.get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/metrics", RealHttp.ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void aConversationsTurnsRiskAndHandoffAreCounted() throws InterruptedException {
        double webTurns = count("waymark.turns", "channel", "webchat");
        double started = count("waymark.conversations.started", "channel", "webchat");
        double risks = registry.find("waymark.risk.flags").counters().stream().mapToDouble(Counter::count).sum();
        double opened = registry.find("waymark.handoffs.opened").counters().stream().mapToDouble(Counter::count)
                .sum();

        RealHttp.WebChat patient = http.webChat();
        patient.says("yes");
        patient.says("I want to kill myself tonight, I have the pills here");

        assertThat(count("waymark.conversations.started", "channel", "webchat")).isEqualTo(started + 1);
        // counted once each answer has left (the filter counts after the chain): the client may read it first
        long until = System.nanoTime() + 10_000_000_000L;
        while (count("waymark.turns", "channel", "webchat") < webTurns + 2 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(count("waymark.turns", "channel", "webchat")).isEqualTo(webTurns + 2);
        assertThat(registry.find("waymark.risk.flags").counters().stream().mapToDouble(Counter::count).sum())
                .isEqualTo(risks + 1);
        Handoff h = handoffs.list(HandoffStatus.WAITING).stream().filter(x -> patient.sessionId.equals(x.address()))
                .findFirst().orElseThrow();
        assertThat(registry.find("waymark.handoffs.opened").counters().stream().mapToDouble(Counter::count).sum())
                .isEqualTo(opened + 1);
        String priority = h.priority().code();
        double claimed = count("waymark.handoffs.claimed", "priority", priority);
        Timer wait = registry.find("waymark.handoffs.wait").tag("priority", priority).timer();
        long waits = wait == null ? 0 : wait.count();

        assertThat(handoffs.claim(h.id(), "sam")).isInstanceOf(Handoffs.ClaimResult.Claimed.class);

        assertThat(count("waymark.handoffs.claimed", "priority", priority)).isEqualTo(claimed + 1);
        assertThat(registry.find("waymark.handoffs.wait").tag("priority", priority).timer().count())
                .isEqualTo(waits + 1);
        String figures = http.get("/actuator/prometheus", RealHttp.ADMIN).body();
        assertThat(figures).contains("waymark_risk_flags_total{category=\"")
                .contains("waymark_handoffs_opened_total{practice=\"riverside\",priority=\"" + priority)
                .contains("waymark_handoffs_wait_seconds_bucket{").contains("waymark_handoffs_wait_seconds_count{")
                .doesNotContain(patient.sessionId).doesNotContain("kill myself");
    }

    private double count(String name, String key, String value) {
        return registry.find(name).tag(key, value).counters().stream().mapToDouble(Counter::count).sum();
    }
}
