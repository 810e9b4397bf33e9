package org.waymark.followup;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Settings, and the poller that finds follow-ups due. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FollowUpSettings.class)
@EnableScheduling
class FollowUpConfiguration {
}
