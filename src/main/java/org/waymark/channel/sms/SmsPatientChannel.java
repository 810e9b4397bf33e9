package org.waymark.channel.sms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;

/** Messages that start on our side (link worker replies, follow-ups, crisis notices) go out through the outbox. */
final class SmsPatientChannel implements PatientChannel {
    private static final Logger log = LoggerFactory.getLogger(SmsPatientChannel.class);

    private final Outbox outbox;
    private final OptOuts optOuts;
    private final SmsDeliveries deliveries;
    private final Practices practices;

    SmsPatientChannel(Outbox outbox, OptOuts optOuts, SmsDeliveries deliveries, Practices practices) {
        this.outbox = outbox;
        this.optOuts = optOuts;
        this.deliveries = deliveries;
        this.practices = practices;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public void deliver(String address, String practice, OutboundMessage message) {
        String from = practices.byId(practice).map(Practice::smsNumber).orElse(null);
        for (String text : SmsText.fit(SmsText.gsm(message.text()))) {
            if (text.isEmpty()) {
                continue;
            }
            String id = outbox.enqueue(address, from, practice, text, message.id());
            if (optOuts.optedOut(address)) {
                // kept as a record a link worker can see; the outbox will not send it
                deliveries.advance(id, DeliveryStatus.OPTED_OUT, "The number has opted out (STOP)");
                log.info("SMS {} to {} not sent: opted out", id, PhoneNumbers.masked(address));
            }
        }
    }
}
