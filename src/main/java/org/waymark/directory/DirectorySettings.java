package org.waymark.directory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Directory settings ({@code waymark.directory.*}).
 *
 * @param loadDemo        load the demo activities when the directory is empty ({@code WAYMARK_DIRECTORY_LOAD_DEMO})
 * @param importMaxBytes  largest ORUK feed fetched from a URL ({@code WAYMARK_DIRECTORY_IMPORT_MAX_BYTES})
 * @param importTimeout   connect and read timeout for a feed ({@code WAYMARK_DIRECTORY_IMPORT_TIMEOUT})
 * @param importAllowPrivateHosts fetch feeds from this machine and private networks too; for tests and development
 *                        only ({@code WAYMARK_DIRECTORY_IMPORT_ALLOW_PRIVATE_HOSTS}, default false)
 * @param initialRadiusKm first search radius around a patient's postcode ({@code WAYMARK_DIRECTORY_INITIAL_RADIUS_KM})
 * @param maxRadiusKm     the radius is doubled up to this when too few fit ({@code WAYMARK_DIRECTORY_MAX_RADIUS_KM})
 */
@ConfigurationProperties("waymark.directory")
record DirectorySettings(Boolean loadDemo, Long importMaxBytes, Duration importTimeout,
                         Boolean importAllowPrivateHosts, Double initialRadiusKm, Double maxRadiusKm) {
    DirectorySettings {
        loadDemo = loadDemo == null || loadDemo;
        importMaxBytes = importMaxBytes == null || importMaxBytes <= 0 ? 5_000_000L : importMaxBytes;
        importTimeout = importTimeout == null || importTimeout.isNegative() || importTimeout.isZero()
                ? Duration.ofSeconds(10) : importTimeout;
        importAllowPrivateHosts = importAllowPrivateHosts != null && importAllowPrivateHosts;
        initialRadiusKm = initialRadiusKm == null || initialRadiusKm <= 0 ? 2.0 : initialRadiusKm;
        maxRadiusKm = maxRadiusKm == null || maxRadiusKm < initialRadiusKm ? Math.max(20.0, initialRadiusKm)
                : maxRadiusKm;
    }

    static DirectorySettings defaults() {
        return new DirectorySettings(null, null, null, null, null, null);
    }
}
