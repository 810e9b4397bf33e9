package org.waymark.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Request body caps under {@code waymark.http}, checked before a body is read: {@code maxChatBody} for the web chat
 * API and {@code POST /api/nlu/parse} ({@code WAYMARK_HTTP_MAX_CHAT_BODY}), {@code maxWebhookBody} for Twilio's
 * webhooks ({@code WAYMARK_HTTP_MAX_WEBHOOK_BODY}) and {@code maxBody} for everything else
 * ({@code WAYMARK_HTTP_MAX_BODY}); the directory import takes {@code waymark.directory.import-max-bytes}.
 */
@ConfigurationProperties("waymark.http")
record HttpSettings(DataSize maxBody, DataSize maxChatBody, DataSize maxWebhookBody) {
    HttpSettings {
        maxBody = positive(maxBody, DataSize.ofKilobytes(64));
        maxChatBody = positive(maxChatBody, DataSize.ofKilobytes(16));
        maxWebhookBody = positive(maxWebhookBody, DataSize.ofKilobytes(32));
    }

    private static DataSize positive(DataSize size, DataSize fallback) {
        return size == null || size.toBytes() <= 0 ? fallback : size;
    }
}
