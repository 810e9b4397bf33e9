package org.waymark.conversation;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param sessionTtl     an idle session is forgotten after this ({@code WAYMARK_SESSION_TTL}, default 30 days)
 * @param transcriptDays transcripts are kept this many days ({@code WAYMARK_TRANSCRIPT_DAYS}, default 90)
 * @param dialogsDir     where {@code *.yaml} dialogs are read ({@code WAYMARK_DIALOGS_DIR}); the packaged copy
 *                       is used when the folder does not exist
 * @param waitingReplyEvery while a link worker has the conversation, "hello?" or "is anyone there?" is answered at
 *                       most this often ({@code WAYMARK_WAITING_REPLY_EVERY}, default 5 minutes)
 */
@ConfigurationProperties("waymark.conversation")
record ConversationSettings(Duration sessionTtl, int transcriptDays, Path dialogsDir, Duration waitingReplyEvery) {
    ConversationSettings {
        waitingReplyEvery = waitingReplyEvery == null ? Duration.ofMinutes(5) : waitingReplyEvery;
        sessionTtl = sessionTtl == null ? Duration.ofDays(30) : sessionTtl;
        transcriptDays = transcriptDays <= 0 ? 90 : transcriptDays;
        dialogsDir = dialogsDir == null ? Path.of("dialogs") : dialogsDir;
    }
}
