package org.waymark.directory;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How long a listing stays trusted without a link worker checking it ({@code WAYMARK_VERIFY_AFTER_DAYS}). */
@ConfigurationProperties("waymark")
record FreshnessSettings(Integer verifyAfterDays) {
    FreshnessSettings {
        verifyAfterDays = verifyAfterDays == null || verifyAfterDays <= 0 ? 180 : verifyAfterDays;
    }
}
