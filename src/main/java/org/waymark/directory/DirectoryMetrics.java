package org.waymark.directory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * {@code waymark.directory.stale}: active listings past their check date (the link workers' re-check list, {@code
 * GET /api/directory/stale}), read when {@code /actuator/prometheus} is scraped; NaN while the store cannot be read.
 */
@Component
class DirectoryMetrics implements MeterBinder {
    static final String STALE = "waymark.directory.stale";

    private final ServiceEdits edits;

    DirectoryMetrics(ServiceEdits edits) {
        this.edits = edits;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(STALE, this, DirectoryMetrics::stale)
                .description("Active directory listings past their check date").register(registry);
    }

    private double stale() {
        try {
            return edits.stale().size();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
