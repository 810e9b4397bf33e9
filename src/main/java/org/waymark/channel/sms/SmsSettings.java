package org.waymark.channel.sms;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;

/**
 * SMS settings under {@code waymark.sms}; each blank one falls back to Twilio's usual environment variable
 * ({@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN}, {@code TWILIO_FROM_NUMBER},
 * {@code TWILIO_MESSAGING_SERVICE_SID}, {@code TWILIO_API_BASE_URL}) and {@code WAYMARK_PUBLIC_BASE_URL}.
 */
@ConfigurationProperties("waymark.sms")
record SmsSettings(String accountSid, String authToken, String fromNumber, String messagingServiceSid,
                   String apiBaseUrl, String publicBaseUrl, Duration requestTimeout, Integer maxAttempts,
                   Duration retryBase, Duration retryMax) {

    static final String TWILIO_API = "https://api.twilio.com";

    /** Fills blanks from the environment variables and defaults. */
    SmsSettings resolve(Environment env) {
        return new SmsSettings(
                pick(accountSid, env, "TWILIO_ACCOUNT_SID", null),
                pick(authToken, env, "TWILIO_AUTH_TOKEN", null),
                pick(fromNumber, env, "TWILIO_FROM_NUMBER", null),
                pick(messagingServiceSid, env, "TWILIO_MESSAGING_SERVICE_SID", null),
                trimSlash(pick(apiBaseUrl, env, "TWILIO_API_BASE_URL", TWILIO_API)),
                trimSlash(pick(publicBaseUrl != null ? publicBaseUrl : env.getProperty("waymark.public-base-url"),
                        env, "WAYMARK_PUBLIC_BASE_URL",
                        "http://localhost:" + env.getProperty("server.port", "8080"))),
                requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout,
                maxAttempts == null ? 12 : maxAttempts,
                retryBase == null ? Duration.ofSeconds(2) : retryBase,
                retryMax == null ? Duration.ofMinutes(15) : retryMax);
    }

    /** Without both credentials nothing can reach Twilio, so outbound SMS go to the simulator. */
    boolean simulated() {
        return accountSid == null || authToken == null;
    }

    private static String pick(String value, Environment env, String envName, String fallback) {
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        String fromEnv = env.getProperty(envName);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : fallback;
    }

    private static String trimSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
