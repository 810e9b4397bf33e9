package org.waymark.limits;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.serialization.Mapper;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;

import org.waymark.store.Pseudonyms;

import redis.clients.jedis.UnifiedJedis;

/**
 * The buckets over the app's one {@link UnifiedJedis} (Bucket4j's {@code casBasedBuilder(UnifiedJedis)}: its calls,
 * {@code eval}, {@code get} and {@code del} on byte arrays, are the same in Jedis 7), and the body cap filter.
 */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {
    /** How long a bucket's key stays once the bucket is full again: a full bucket is the same as none. */
    static final Duration KEEP_WHEN_FULL = Duration.ofMinutes(1);

    @Bean
    RateLimits rateLimits(UnifiedJedis redis, Pseudonyms pseudonyms) {
        return new RateLimits(Bucket4jJedis.casBasedBuilder(redis)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_WHEN_FULL))
                .keyMapper(Mapper.STRING)
                .build(), pseudonyms);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(HttpSettings settings,
            @Value("${waymark.directory.import-max-bytes:5000000}") long importMax) {
        FilterRegistrationBean<RequestBodyLimit> bean = new FilterRegistrationBean<>(
                new RequestBodyLimit(settings, importMax));
        // before anything that could read a body (Spring's form filter, Spring Security's login and CSRF filters)
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }
}
