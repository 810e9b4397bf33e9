package org.waymark.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import org.waymark.RealHttp;
import org.waymark.messaging.Channel;
import org.waymark.practice.OpeningTimes;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * An emergency no one claims: after five minutes the on-call number is texted through the SMS outbox (the simulated
 * phone in tests), once, with an entry in the audit, out of hours too; and every link worker page carries the
 * banner and marks its title while it waits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EmergencyEscalationTest {
    static final String ON_CALL = "+447700900999";

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    Handoffs handoffs;
    @Autowired
    EmergencyWatch watch;
    @Autowired
    UnifiedJedis redis;

    RealHttp http;
    Handoff emergency;

    @BeforeEach
    void anEmergencyIsWaiting() {
        http = new RealHttp(port, json);
        String address = "+4477009" + String.format("%05d", (int) (Math.random() * 100_000));
        emergency = handoffs.open(new Handoffs.Request("riverside", Channel.SMS, address, UUID.randomUUID().toString(),
                Priority.EMERGENCY, "risk", new Handoff.Summary(List.of(), "E1", "I have taken all my tablets",
                List.of(), null, "emergency medical_emergency", null), List.of()));
    }

    @AfterEach
    void closeIt() {
        handoffs.find(emergency.id()).filter(Handoff::open).ifPresent(h -> handoffs.close(h.id(), "admin",
                "signposted_elsewhere", null, false));
    }

    List<String> onCallTexts() {
        return redis.lrange("wm:sms:sim:" + ON_CALL, 0, -1);
    }

    @Test
    void anEmergencyUnclaimedForFiveMinutesTextsTheOnCallNumberOnceAndIsAudited() throws Exception {
        assertThat(watch.escalateDue(emergency.openedAt().plus(Duration.ofMinutes(4))))
                .as("not before five minutes").doesNotContain(emergency.id());

        assertThat(watch.escalateDue(emergency.openedAt().plus(Duration.ofMinutes(5).plusSeconds(1))))
                .contains(emergency.id());

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String mine = "(case " + emergency.id().substring(0, 8) + ")";
        while (onCallTexts().stream().noneMatch(t -> t.contains(mine)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String sent = onCallTexts().stream().filter(t -> t.contains(mine)).findFirst().orElse("");
        assertThat(sent).as("the outbox texted the on-call number").contains("an emergency at Riverside Medical "
                + "Centre " + mine + " has waited 5 min with no link worker. Please open it now")
                .doesNotContain(emergency.address()).doesNotContain("tablets");
        assertThat(handoffs.audit(200)).filteredOn(e -> emergency.id().equals(e.get("handoff"))
                && "escalated to on-call".equals(e.get("action"))).singleElement()
                .satisfies(e -> assertThat(e.get("detail")).contains("texted the on-call number +44*******999"));

        assertThat(watch.escalateDue(emergency.openedAt().plus(Duration.ofMinutes(30)))).as("only once")
                .doesNotContain(emergency.id());
    }

    @Test
    void outOfHoursAnEmergencyStillReachesTheOnCallNumber() {
        // a Sunday at 3am, when the practice is closed
        Instant sunday = LocalDateTime.of(2030, 6, 2, 3, 0).atZone(OpeningTimes.UK).toInstant();
        assertThat(watch.escalateDue(sunday)).contains(emergency.id());
    }

    @Test
    void aClaimedEmergencyIsNotEscalated() {
        handoffs.claim(emergency.id(), "sam");
        assertThat(watch.escalateDue(emergency.openedAt().plus(Duration.ofMinutes(10))))
                .doesNotContain(emergency.id());
    }

    @Test
    void everyLinkWorkerPageCarriesTheBannerAndMarksItsTitleWhileAnEmergencyWaits() {
        RealHttp sam = http.signedIn("sam", "test-sam-password");
        for (String page : List.of("/workers", "/workers/cases", "/workers/directory", "/workers/reports",
                "/workers/handoffs/" + emergency.id())) {
            String body = sam.get(page, null).body();
            assertThat(body).as(page).contains("id=\"emergency-banner\"")
                    .containsPattern("<title>Emergency waiting – [^<]+</title>")
                    .containsPattern("(An emergency is|\\d+ emergencies are) waiting for a link worker.");
            assertThat(body).as(page).doesNotContainPattern("id=\"emergency-banner\"[^>]*hidden");
        }
        assertThat(http.json(sam.get("/workers/emergencies", null)).get("waiting").asLong()).isPositive();

        handoffs.claim(emergency.id(), "sam");
        long left = handoffs.emergenciesWaiting();
        String queue = sam.get("/workers", null).body();
        if (left == 0) {
            assertThat(queue).contains("<title>Queue – Waymark</title>").containsPattern(
                    "id=\"emergency-banner\"[^>]*hidden");
        }
    }
}
