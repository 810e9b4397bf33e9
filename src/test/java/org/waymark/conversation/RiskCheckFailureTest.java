package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import org.waymark.TestRedis;
import org.waymark.WaymarkApplication;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.Handoffs;
import org.waymark.handoff.Priority;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.safety.RiskDetector;

/**
 * Hazard H13: when the risk check itself fails, the message is not treated as safe. The patient gets the crisis
 * numbers and an urgent handoff puts a person on it. The failure is injected by a detector that throws, in an app of
 * its own so no other test sees it.
 */
class RiskCheckFailureTest {

    @Configuration(proxyBeanMethods = false)
    static class BrokenDetector {
        @Bean
        @Primary
        RiskDetector brokenRiskDetector() {
            return text -> {
                throw new IllegalStateException("model file unreadable");
            };
        }
    }

    @Test
    void aFailedRiskCheckIsTreatedAsUrgentNotAsSafe() {
        try (ConfigurableApplicationContext app = SpringApplication.run(
                new Class<?>[] {WaymarkApplication.class, BrokenDetector.class},
                new String[] {"--waymark.redis.url=" + TestRedis.url(), "--server.port=0",
                        "--waymark.accounts.admin-password=h13", "--spring.main.banner-mode=off",
                        "--spring.main.allow-bean-definition-overriding=true"})) {
            Conversations conversations = app.getBean(Conversations.class);
            String address = UUID.randomUUID().toString();
            conversations.start(Channel.WEBCHAT, address, null);

            Turn turn = conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, "hello", "m1"));

            assertThat(turn.crisis()).isTrue();
            assertThat(turn.replies().get(0).text()).contains("999");
            Session s = app.getBean(SessionStore.class).find(Channel.WEBCHAT, address).orElseThrow();
            Handoff h = app.getBean(Handoffs.class).find(s.handoffId()).orElseThrow();
            assertThat(h.priority()).isEqualTo(Priority.URGENT);
        }
    }
}
