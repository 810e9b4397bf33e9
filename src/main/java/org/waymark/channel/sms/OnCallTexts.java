package org.waymark.channel.sms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

import org.waymark.handoff.HandoffEvents;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;

/**
 * Texts the on-call number when an emergency waits unclaimed, through the same outbox (and Twilio) as every other
 * text we start, with its retries; the practice's own number sends it where it has one.
 */
final class OnCallTexts {
    private static final Logger log = LoggerFactory.getLogger(OnCallTexts.class);

    private final Outbox outbox;
    private final Practices practices;

    OnCallTexts(Outbox outbox, Practices practices) {
        this.outbox = outbox;
        this.practices = practices;
    }

    @EventListener
    void onAlert(HandoffEvents.OnCallAlert alert) {
        String from = practices.byId(alert.practice()).map(Practice::smsNumber).orElse(null);
        String id = outbox.enqueue(alert.to(), from, alert.practice(), SmsText.gsm(alert.text()));
        log.info("On-call text {} to {} queued for handoff {}", id, PhoneNumbers.masked(alert.to()),
                alert.handoffId());
    }
}
