package org.waymark.channel.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import org.waymark.conversation.Conversations;
import org.waymark.conversation.Turn;
import org.waymark.locale.Locales;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.messaging.OutboundMessage;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;
import org.waymark.store.ReplicatedWrites;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * One inbound SMS, after its signature was checked (or from the simulator): de-duplicated by MessageSid, keywords
 * first, then the conversation, and the answer as TwiML.
 */
final class SmsInbound {
    private static final Logger log = LoggerFactory.getLogger(SmsInbound.class);
    /** Twilio's own ceiling for one inbound message; anything longer did not come from a phone. */
    static final int MAX_BODY = 1600;
    static final long SID_TTL_SECONDS = 86_400;
    private static final String PROCESSING = "\u0000processing";


    private final UnifiedJedis redis;
    private final SmsKeys keys;
    private final Practices practices;
    private final OptOuts optOuts;
    private final ObjectProvider<Conversations> conversations;
    private final SmsThrottle throttle;
    private final Locales locales;
    private final SmsMetrics metrics;
    private final ReplicatedWrites replicated;

    SmsInbound(UnifiedJedis redis, SmsKeys keys, Practices practices, OptOuts optOuts,
               ObjectProvider<Conversations> conversations, SmsThrottle throttle, Locales locales,
               SmsMetrics metrics, ReplicatedWrites replicated) {
        this.replicated = replicated;
        this.locales = locales;
        this.metrics = metrics;
        this.redis = redis;
        this.keys = keys;
        this.practices = practices;
        this.optOuts = optOuts;
        this.conversations = conversations;
        this.throttle = throttle;
    }

    /** Twilio's form fields that matter here. */
    record Sms(String messageSid, String from, String to, String body, int numMedia) {
    }

    /**
     * @param replay    true when this is the stored answer to an earlier delivery of the same MessageSid
     * @param sessionId the conversation's session when the bot was asked, else null
     */
    record Answer(String twiml, List<String> replies, boolean replay, String sessionId) {
    }

    /** What {@link #answer} worked out. */
    private record Outcome(List<String> replies, String sessionId) {
    }

    Answer receive(Sms sms) {
        return receive(sms, true);
    }

    /** @param limited whether the texts-per-number limit applies (not to texts kept while Redis was down) */
    private Answer receive(Sms sms, boolean limited) {
        Optional<Practice> practice = practices.bySmsNumber(sms.to());
        if (practice.isEmpty()) {
            log.warn("SMS {} from {} to {}, which is no practice's number: ignored", sms.messageSid(),
                    PhoneNumbers.masked(sms.from()), PhoneNumbers.masked(sms.to()));
            return new Answer(TwiML.EMPTY, List.of(), false, null);
        }
        String key = keys.messageSid(sms.messageSid());
        if (!"OK".equals(redis.set(key, PROCESSING, SetParams.setParams().nx().ex(SID_TTL_SECONDS)))) {
            String earlier = redis.get(key);
            log.info("SMS {} delivered again: {}", sms.messageSid(),
                    earlier == null || PROCESSING.equals(earlier) ? "still in hand, empty answer" : "same answer");
            return new Answer(earlier == null || PROCESSING.equals(earlier) ? TwiML.EMPTY : earlier, List.of(), true,
                    null);
        }
        try {
            Outcome outcome = answer(sms, practice.get(), limited);
            String twiml = TwiML.messages(outcome.replies());
            if (limited) {
                // the answer goes back in the TwiML; a spooled text's answer goes through the outbox, counted there
                metrics.replied(outcome.replies());
            }
            // the answer Twilio gets is the text's acknowledgement: a replica holds it first, so a failover cannot
            // forget the text was answered and answer Twilio's retry a second time
            try (AbstractPipeline p = redis.pipelined()) {
                p.set(key, twiml, SetParams.setParams().xx().ex(SID_TTL_SECONDS));
                replicated.sync(p, key);
            }
            return new Answer(twiml, outcome.replies(), false, outcome.sessionId());
        } catch (RuntimeException e) {
            // let Twilio's retry (or the patient's next text) try again rather than answer nothing forever
            redis.del(key);
            throw e;
        }
    }

    /**
     * A text kept in the spool while Redis was down. This node's own attempt at it may have died with Redis half
     * way and left the in-hand marker, which would keep it from ever being answered; Twilio had a 200 for it and
     * does not deliver it again, so the marker can only be that attempt's.
     */
    Answer receiveSpooled(Sms sms) {
        redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                List.of(keys.messageSid(sms.messageSid())), List.of(PROCESSING));
        // Twilio had a 200 for each, and all of them come now at once: every one is read, none counted
        return receive(sms, false);
    }

    private Outcome answer(Sms sms, Practice practice, boolean limited) {
        // one number, one patient: their session, opt-out and texting limit are keyed by it in E.164
        String from = org.waymark.messaging.PhoneNumbers.key(sms.from());
        String body = sms.body() == null ? "" : sms.body();
        boolean tooLong = body.length() > MAX_BODY;
        String text = tooLong ? body.substring(0, MAX_BODY) : body;
        InboundMessage inbound = new InboundMessage(Channel.SMS, from, practice.id(), text, sms.messageSid());
        List<String> replies = new ArrayList<>();
        // the texts outside the dialog in the patient's language (their conversation's, English for a new number)
        Locales.Language words = locales.get(engine().languageOf(Channel.SMS, from));
        Keyword keyword = Keyword.of(text);
        if (keyword == Keyword.YES && !optOuts.optedOut(from)) {
            keyword = Keyword.NONE; // an answer to the conversation's question, as Twilio treats it too
        }
        String sessionId = null;
        switch (keyword) {
            case STOP -> {
                optOuts.optOut(from);
                log.info("SMS {}: {} opted out", sms.messageSid(), PhoneNumbers.masked(from));
                replies.add(words.smsText("stopped").replace("{practice}", practice.name()));
                replies.addAll(texts(engine().handleOptedOut(inbound)));
            }
            case START, YES -> {
                optOuts.optIn(from);
                log.info("SMS {}: {} opted back in", sms.messageSid(), PhoneNumbers.masked(from));
                replies.add(words.smsText("started").replace("{practice}", practice.name()));
                Turn resumed = engine().resume(inbound);
                replies.addAll(texts(resumed));
                sessionId = resumed.sessionId();
            }
            case HELP -> replies.add(help(practice, words));
            case NONE -> {
                if (text.isBlank()) {
                    if (sms.numMedia() > 0) {
                        replies.add(words.smsText("media_note"));
                    }
                    break;
                }
                List<String> refusal = limited ? throttle.refusal(from) : null;
                if (refusal != null) {
                    log.warn("SMS {} from {}: over the texting limit, not read{}", sms.messageSid(),
                            PhoneNumbers.masked(from), refusal.isEmpty() ? "" : "; asked to slow down");
                    replies.addAll(refusal);
                    break;
                }
                boolean optedOut = optOuts.optedOut(from);
                Conversations engine = engine();
                Turn turn = optedOut ? engine.handleOptedOut(inbound) : engine.handle(inbound);
                replies.addAll(texts(turn));
                if (tooLong && !optedOut) {
                    replies.add(words.smsText("long_note"));
                }
                List<String> fitted = fitted(replies);
                record(turn.sessionId(), fitted);
                log.info("SMS {} from {} for {}: {} repl{}{}", sms.messageSid(), PhoneNumbers.masked(from),
                        practice.id(), fitted.size(), fitted.size() == 1 ? "y" : "ies",
                        turn.crisis() ? " (crisis)" : optedOut ? " (opted out)" : "");
                return new Outcome(fitted, turn.sessionId());
            }
        }
        List<String> fitted = fitted(replies);
        record(sessionId, fitted);
        return new Outcome(fitted, sessionId);
    }

    /** GSM-7 texts, each split to fit a basic phone, empty ones dropped. */
    private static List<String> fitted(List<String> replies) {
        return replies.stream().map(SmsText::gsm).filter(s -> !s.isEmpty()).flatMap(s -> SmsText.fit(s).stream())
                .toList();
    }

    static String help(Practice practice, Locales.Language words) {
        String call = practice.phone() == null ? "" : words.smsText("help_call").replace("{phone}", practice.phone());
        return words.smsText("help").replace("{practice}", practice.name()).replace("{call}", call);
    }

    private Conversations engine() {
        Conversations engine = conversations.getIfAvailable();
        if (engine == null) {
            throw new IllegalStateException("No conversation engine is running");
        }
        return engine;
    }

    private static List<String> texts(Turn turn) {
        return turn.replies().stream().map(OutboundMessage::text).filter(t -> t != null && !t.isBlank()).toList();
    }

    private void record(String sessionId, List<String> replies) {
        if (sessionId == null || replies.isEmpty()) {
            return;
        }
        long segments = replies.stream().mapToLong(r -> SmsSegments.of(r).segments()).sum();
        redis.incrBy(keys.segments(sessionId), segments);
        redis.expire(keys.segments(sessionId), SmsDeliveries.KEEP_SECONDS * 13); // a year, like the records
    }
}
