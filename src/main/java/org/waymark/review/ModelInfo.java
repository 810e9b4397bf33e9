package org.waymark.review;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

import org.waymark.safety.RiskCategory;

/**
 * The model in use in {@code /actuator/info} ("models": version, figures, who trained and approved it), and the
 * review figures for Prometheus: corrections this week, the share of this week's turns reviewed, the version in use
 * and its risk recall per category and crisis false alarms.
 */
@Component
class ModelInfo implements InfoContributor {
    private final ModelGate gate;

    ModelInfo(ModelGate gate, ReviewQueue queue, MeterRegistry registry) {
        this.gate = gate;
        Gauge.builder("waymark.review.corrections.week", queue, q -> q.week().corrections())
                .description("Corrections made by link workers this ISO week").register(registry);
        Gauge.builder("waymark.review.reviewed.share", queue, q -> q.week().reviewedShare())
                .description("Corrections this week over the turns the bot read this week").register(registry);
        Gauge.builder("waymark.model.version", gate, g -> g.installedVersion())
                .description("The model version this node uses (0: as shipped)").register(registry);
        for (RiskCategory c : RiskCategory.values()) {
            Gauge.builder("waymark.model.risk.recall", gate, g -> figures(g).riskRecall().getOrDefault(c.code(), Double.NaN))
                    .tag("category", c.code()).description("Risk recall on the kept-apart set, version in use")
                    .register(registry);
        }
        Gauge.builder("waymark.model.crisis.false.alarms", gate, g -> figures(g).crisisFalseAlarms())
                .description("Crisis false alarms on the kept-apart set, version in use").register(registry);
    }

    /** The figures of the version in use; those of the shipped models are worked out only once asked for. */
    private static ModelGate.Figures figures(ModelGate g) {
        ModelGate.Figures f = g.version(g.activeVersion()).map(ModelGate.Version::figures)
                .orElseGet(g::shippedIfKnown);
        return f != null ? f : new ModelGate.Figures(Double.NaN, java.util.Map.of(), Double.NaN, Double.NaN);
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("models", gate.info());
    }
}
