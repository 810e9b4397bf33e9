package org.waymark.channel.sms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.waymark.practice.Practice;
import org.waymark.practice.Practices;
import org.waymark.store.RedisHealth;

/**
 * Answers the texts {@link SmsSpool} kept while Redis was down, as soon as Redis answers a PING again: oldest
 * first, each through the usual inbound path (so a MessageSid already answered gets no second turn), and the
 * replies through the outbox's REST path, since the webhook's own response went long ago.
 */
final class SmsSpoolReplay {
    private static final Logger log = LoggerFactory.getLogger(SmsSpoolReplay.class);

    private final SmsSpool spool;
    private final SmsInbound inbound;
    private final Outbox outbox;
    private final Practices practices;
    private final RedisHealth redis;

    SmsSpoolReplay(SmsSpool spool, SmsInbound inbound, Outbox outbox, Practices practices, RedisHealth redis) {
        this.spool = spool;
        this.inbound = inbound;
        this.outbox = outbox;
        this.practices = practices;
        this.redis = redis;
    }

    /** Replays what waits while Redis answers; returns how many were handled. The worker calls this. */
    int drainOnce() {
        if (!spool.pending() || !redis.ping()) {
            return 0;
        }
        int handled = 0;
        try {
            for (List<SmsSpool.Entry> batch = spool.waiting(); !batch.isEmpty(); batch = spool.waiting()) {
                for (SmsSpool.Entry entry : batch) {
                    try {
                        replay(entry.sms());
                    } catch (RuntimeException e) {
                        if (RedisHealth.isOutage(e)) {
                            redis.outage(e);
                            log.warn("SMS spool: Redis went again after {} replayed; the rest wait", handled);
                            return handled;
                        }
                        log.error("SMS {} could not be handled after the outage ({}): set aside in {}",
                                entry.sms().messageSid(), e.toString(), SmsSpool.REJECTED);
                        spool.reject(entry);
                    }
                    spool.replayed(entry.end());
                    handled++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or update the SMS spool " + spool.file(), e);
        }
        if (handled > 0) {
            log.info("SMS spool: {} text{} kept during the outage handled", handled, handled == 1 ? "" : "s");
        }
        return handled;
    }

    private void replay(SmsInbound.Sms sms) {
        SmsInbound.Answer answer = inbound.receiveSpooled(sms);
        if (answer.replay()) {
            return; // answered before (a duplicate delivery, or a replay cut short by a restart)
        }
        String practice = practices.bySmsNumber(sms.to()).map(Practice::id).orElse(null);
        for (String reply : answer.replies()) {
            outbox.enqueue(sms.from(), sms.to(), practice, reply);
        }
        log.info("SMS {} from {} answered after the outage: {} repl{} through the outbox", sms.messageSid(),
                PhoneNumbers.masked(sms.from()), answer.replies().size(), answer.replies().size() == 1 ? "y" : "ies");
    }
}
