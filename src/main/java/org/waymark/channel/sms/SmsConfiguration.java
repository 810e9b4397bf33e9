package org.waymark.channel.sms;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import org.waymark.conversation.Conversations;
import org.waymark.limits.RateLimits;
import org.waymark.practice.Practices;
import org.waymark.store.RedisHealth;
import org.waymark.store.RedisSettings;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.ObjectMapper;

/** Wires the SMS channel: Twilio when credentials are set, the phone simulator when not. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsSettings.class)
class SmsConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SmsConfiguration.class);

    @Bean
    SmsSetup smsSetup(SmsSettings bound, Environment env) {
        SmsSettings settings = bound.resolve(env);
        if (settings.simulated()) {
            byte[] token = new byte[24];
            new SecureRandom().nextBytes(token);
            log.warn("SMS is SIMULATED: open {}/simulator (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to use Twilio)",
                    settings.publicBaseUrl());
            return new SmsSetup(settings, true, HexFormat.of().formatHex(token));
        }
        if (settings.fromNumber() == null && settings.messagingServiceSid() == null) {
            log.info("SMS through Twilio, sent from each practice's own number (no TWILIO_FROM_NUMBER or "
                    + "TWILIO_MESSAGING_SERVICE_SID set)");
        } else {
            log.info("SMS through Twilio at {}", settings.apiBaseUrl());
        }
        return new SmsSetup(settings, false, settings.authToken());
    }

    @Bean
    OptOuts smsOptOuts(UnifiedJedis redis) {
        return new OptOuts(redis, SmsKeys.DEFAULT, Clock.systemUTC());
    }

    @Bean
    SmsMetrics smsMetrics(ObjectProvider<MeterRegistry> registry) {
        return new SmsMetrics(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    SmsDeliveries smsDeliveries(UnifiedJedis redis, ApplicationEventPublisher events, SmsMetrics metrics) {
        return new SmsDeliveries(redis, SmsKeys.DEFAULT, Clock.systemUTC(), events::publishEvent, metrics);
    }

    @Bean
    SmsSender smsSender(SmsSetup setup, UnifiedJedis redis) {
        return setup.simulated() ? new SimulatedPhone(redis, SmsKeys.DEFAULT, Clock.systemUTC())
                : new TwilioSender(setup.settings());
    }

    @Bean
    Outbox smsOutbox(UnifiedJedis redis, SmsSender sender, OptOuts optOuts, SmsDeliveries deliveries,
                     SmsSetup setup) {
        return new Outbox(redis, SmsKeys.DEFAULT, sender, optOuts, deliveries, setup.settings(), Clock.systemUTC());
    }

    /** Sends what is due every half second. */
    @Bean
    Ticker smsOutboxWorker(Outbox outbox) {
        return new Ticker("sms-outbox", 1000, 500, outbox::drainOnce);
    }

    @Bean
    OnCallTexts onCallTexts(Outbox outbox, Practices practices) {
        return new OnCallTexts(outbox, practices);
    }

    @Bean
    SmsPatientChannel smsPatientChannel(Outbox outbox, OptOuts optOuts, SmsDeliveries deliveries,
                                        Practices practices) {
        return new SmsPatientChannel(outbox, optOuts, deliveries, practices);
    }

    @Bean
    SmsInbound smsInbound(UnifiedJedis redis, Practices practices, OptOuts optOuts,
                          ObjectProvider<Conversations> conversations, RateLimits limits, SmsLimits smsLimits,
                          org.waymark.locale.Locales locales, SmsMetrics metrics,
                          org.waymark.store.ReplicatedWrites replicated) {
        return new SmsInbound(redis, SmsKeys.DEFAULT, practices, optOuts, conversations,
                new SmsThrottle(limits, smsLimits), locales, metrics, replicated);
    }

    /** Texts kept while Redis is down, beside the embedded Redis's own data ({@code WAYMARK_DATA_DIR}). */
    @Bean
    SmsSpool smsSpool(RedisSettings redis, ObjectMapper json) {
        return new SmsSpool(redis.dataDir(), json);
    }

    @Bean
    SmsSpoolReplay smsSpoolReplay(SmsSpool spool, SmsInbound inbound, Outbox outbox, Practices practices,
                                  RedisHealth redis) {
        return new SmsSpoolReplay(spool, inbound, outbox, practices, redis);
    }

    /** Looks for texts kept during an outage every two seconds, and answers them once Redis answers. */
    @Bean
    Ticker smsSpoolWorker(SmsSpoolReplay replay) {
        return new Ticker("sms-spool", 500, 2000, replay::drainOnce);
    }

    @Bean
    TwilioSignature twilioSignature(SmsSetup setup) {
        return new TwilioSignature(setup.signingToken(), setup.settings().publicBaseUrl());
    }
}
