package org.waymark.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import org.waymark.WaymarkApplication;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.messaging.OutboundMessage;

/**
 * The zero-install path end to end: the app starts its own embedded Redis under WAYMARK_DATA_DIR, and a
 * conversation carries on where it was after the app is stopped and started again with the same folder.
 */
class SessionSurvivesRestartTest {

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(WaymarkApplication.class,
                "--waymark.redis.url=", // no REDIS_URL, even in CI: this test is about the embedded Redis
                "--waymark.redis.data-dir=" + dataDir,
                "--server.port=0",
                "--waymark.accounts.admin-password=restart-test",
                "--spring.main.banner-mode=off");
    }

    @Test
    void aConversationCarriesOnAfterARestartWithTheSameDataDir(@TempDir Path dataDir) {
        String address = UUID.randomUUID().toString();
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Conversations conversations = first.getBean(Conversations.class);
            conversations.start(Channel.WEBCHAT, address, null);
            conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, "yes", "m1"));
            conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, "I feel lonely", "m2"));
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            Conversations conversations = second.getBean(Conversations.class);
            List<OutboundMessage> before = conversations.transcript(Channel.WEBCHAT, address);
            assertThat(before).extracting(OutboundMessage::text).contains("yes", "I feel lonely");

            Turn next = conversations.handle(new InboundMessage(Channel.WEBCHAT, address, null, "yes", "m3"));

            assertThat(next.replies()).extracting(OutboundMessage::text)
                    .anySatisfy(t -> assertThat(t).containsIgnoringCase("postcode"));
            assertThat(second.getBean(SessionStore.class).find(Channel.WEBCHAT, address).orElseThrow().state())
                    .isEqualTo("ask_postcode");
        }
    }
}
