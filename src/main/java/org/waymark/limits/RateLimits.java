package org.waymark.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;

import org.waymark.store.Pseudonyms;

/**
 * Token buckets in Redis (Bucket4j's Jedis backend, compare-and-swap over one key per bucket), so every node counts
 * against the same bucket. A bucket's key is {@code wm:limit:<name>:<rates>:<pseudonym of the subject>}: no key
 * names a phone number, an address or an account (the keyed HMAC of {@link Pseudonyms}); the rates are part of the
 * key, so nodes (or test contexts) configured differently never share a bucket; and a bucket's key expires once
 * the bucket has refilled. A Redis failure is thrown as Jedis's own exception.
 */
public final class RateLimits {
    static final String PREFIX = "wm:limit:";

    private final ProxyManager<String> buckets;
    private final Pseudonyms pseudonyms;

    RateLimits(ProxyManager<String> buckets, Pseudonyms pseudonyms) {
        this.buckets = buckets;
        this.pseudonyms = pseudonyms;
    }

    /** {@code tokens} every {@code per}, refilled smoothly; a limit of 0 or less is no limit. */
    public record Rate(long tokens, Duration per) {
        public Rate {
            if (per == null || per.isZero() || per.isNegative()) {
                throw new IllegalArgumentException("A rate needs a positive period, not " + per);
            }
        }

        String code() {
            return tokens + "/" + per.toSeconds() + "s";
        }
    }

    /** A named limit: every one of its rates must allow a request. Without a positive rate it is off. */
    public static final class Limit {
        private final String name;
        private final String rates;
        private final BucketConfiguration configuration;

        private Limit(String name, List<Rate> rates) {
            this.name = name;
            this.rates = rates.stream().map(Rate::code).collect(Collectors.joining("+"));
            if (rates.isEmpty()) {
                this.configuration = null;
            } else {
                ConfigurationBuilder b = BucketConfiguration.builder();
                for (Rate r : rates) {
                    b.addLimit(Bandwidth.builder().capacity(r.tokens()).refillGreedy(r.tokens(), r.per()).build());
                }
                this.configuration = b.build();
            }
        }

        public static Limit of(String name, Rate... rates) {
            List<Rate> on = new ArrayList<>();
            for (Rate r : rates) {
                if (r.tokens() > 0) {
                    on.add(r);
                }
            }
            return new Limit(name, on);
        }

        public boolean off() {
            return configuration == null;
        }

        @Override
        public String toString() {
            return name + (off() ? " (off)" : " " + rates);
        }
    }

    /** One request's share: allowed, or refused until {@code retryAfter}; {@code remaining} after it. */
    public record Taken(boolean allowed, long remaining, Duration retryAfter) {
        static final Taken FREE = new Taken(true, Long.MAX_VALUE, Duration.ZERO);
    }

    private String key(Limit limit, String subject) {
        return PREFIX + limit.name + ":" + limit.rates + ":" + pseudonyms.of("limit:" + limit.name, subject);
    }

    /** Takes one token of {@code subject}'s bucket. */
    public Taken take(Limit limit, String subject) {
        if (limit.off()) {
            return Taken.FREE;
        }
        ConsumptionProbe probe = buckets.getProxy(key(limit, subject), () -> limit.configuration)
                .tryConsumeAndReturnRemaining(1);
        return new Taken(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Takes one token, or throws {@link RateLimited} with this title and detail ({@code %s} in it is the wait). */
    public void check(Limit limit, String subject, String title, String detail) {
        Taken taken = take(limit, subject);
        if (!taken.allowed()) {
            // replace, not format: a practice's name in the detail may hold a '%'
            throw new RateLimited(title, detail.replace("%s", RateLimited.inWords(taken.retryAfter())),
                    taken.retryAfter());
        }
    }

    /**
     * How long {@code subject}'s bucket stays empty, without taking from it and without creating it: empty when a
     * token is there (or the bucket does not exist).
     */
    public Optional<Duration> emptyFor(Limit limit, String subject) {
        if (limit.off()) {
            return Optional.empty();
        }
        String key = key(limit, subject);
        if (buckets.getProxyConfiguration(key).isEmpty()) {
            return Optional.empty();
        }
        EstimationProbe probe = buckets.getProxy(key, () -> limit.configuration).estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Optional.empty()
                : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Deletes {@code subject}'s bucket: it starts full next time. */
    public void forget(Limit limit, String subject) {
        if (!limit.off()) {
            buckets.removeProxy(key(limit, subject));
        }
    }
}
