package org.waymark.directory;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.ObjectMapper;

/** Wires the directory over the app's one Redis client. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DirectorySettings.class, FreshnessSettings.class})
class DirectoryConfiguration {

    @Bean
    PostcodeGeography postcodeGeography() {
        return PostcodeGeography.fromClasspath();
    }

    @Bean
    Freshness directoryFreshness(FreshnessSettings settings, ObjectProvider<Clock> clock) {
        return new Freshness(clock.getIfAvailable(Clock::systemUTC), settings.verifyAfterDays());
    }

    @Bean
    ServiceStore serviceStore(UnifiedJedis redis, ObjectMapper json, PostcodeGeography geography) {
        return new ServiceStore(redis, json, geography, ServiceStore.DEFAULT_PREFIX);
    }

    @Bean
    FeedFetcher feedFetcher(DirectorySettings settings) {
        return new FeedFetcher(settings);
    }

    @Bean
    DirectoryIndex directoryIndex(ServiceStore store) {
        return new DirectoryIndex(store);
    }

    /**
     * "directory" in {@code /actuator/health} and the readiness group: out of service until this node has read the
     * directory from Redis ({@link DemoServicesLoader} does at start-up), so no patient reaches a node that cannot
     * suggest anything yet.
     */
    @Bean
    DirectoryCatalogue directoryCatalogue(ServiceStore store, PostcodeGeography geography, ObjectMapper json) {
        return new DirectoryCatalogue(store, geography, json);
    }

    @Bean
    HealthIndicator directoryHealthIndicator(DirectoryIndex index) {
        return () -> index.loaded() ? Health.up().build()
                : Health.outOfService().withDetail("reason", "The directory has not been read from Redis yet").build();
    }

    @Bean
    ActivityMatcher activityMatcher(DirectoryIndex index, PostcodeGeography geography, Freshness freshness,
                                    DirectorySettings settings) {
        return new RedisActivityMatcher(index, geography, freshness, settings);
    }

    @Bean
    Directory directory(ServiceStore store, PostcodeGeography geography, Freshness freshness) {
        return new RedisDirectory(store, geography, freshness);
    }

    @Bean
    ServiceEdits serviceEdits(ServiceStore store, PostcodeGeography geography, Freshness freshness,
                              ObjectMapper json) {
        return new ServiceEdits(store, geography, freshness, json);
    }
}
