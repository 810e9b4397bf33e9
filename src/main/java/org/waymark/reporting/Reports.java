package org.waymark.reporting;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;

import org.waymark.followup.Referral;
import org.waymark.followup.Referrals;
import org.waymark.taxonomy.Need;

import redis.clients.jedis.UnifiedJedis;

/** Reads a practice's figures for a date range from the daily counters and the referral records. */
@Service
class Reports {
    static final List<String> ONS4 = List.of("life_satisfaction", "worthwhile", "happiness", "anxiety");
    static final List<String> OUTCOMES = List.of("went", "not_yet", "did_not_go", "not_running", "could_not_reach",
            "waiting");
    static final int MAX_DAYS = 732;

    private final UnifiedJedis redis;
    private final Referrals referrals;

    Reports(UnifiedJedis redis, Referrals referrals) {
        this.redis = redis;
        this.referrals = referrals;
    }

    Report summary(String practice, LocalDate from, LocalDate to) {
        Map<String, Long> total = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            redis.hgetAll(ReportCounters.dayKey(practice, d))
                    .forEach((k, v) -> total.merge(k, Long.parseLong(v), Long::sum));
        }
        long started = total.getOrDefault("started", 0L);
        long completed = total.getOrDefault("completed", 0L);
        Map<String, Long> needs = new LinkedHashMap<>();
        for (Need n : Need.values()) {
            needs.put(n.code(), total.getOrDefault("need:" + n.code(), 0L));
        }

        long fromMs = from.atStartOfDay(ReportCounters.LONDON).toInstant().toEpochMilli();
        long toMs = to.plusDays(1).atStartOfDay(ReportCounters.LONDON).toInstant().toEpochMilli();
        List<Long> waits = redis.zrangeByScore(ReportCounters.claimsKey(practice), fromMs, toMs - 1).stream()
                .map(ReportCounters::waited).sorted().toList();

        List<Referral> made = referrals.between(practice, java.time.Instant.ofEpochMilli(fromMs),
                java.time.Instant.ofEpochMilli(toMs));
        Map<String, Long> followUps = new LinkedHashMap<>();
        OUTCOMES.forEach(o -> followUps.put(o, 0L));
        Map<String, Report.Flagged> flagged = new LinkedHashMap<>();
        for (Referral r : made) {
            if ("superseded".equals(r.status()) || !r.followedUp() || r.followUpAt() == null) {
                continue;
            }
            String outcome = r.outcome() == null ? "waiting" : r.outcome();
            followUps.merge(outcome, 1L, Long::sum);
            if ("not_running".equals(r.outcome())) {
                flagged.merge(r.activityId(), new Report.Flagged(r.activityId(), r.activityName(), 1),
                        (a, b) -> new Report.Flagged(a.activityId(), a.activityName(), a.reports() + 1));
            }
        }
        List<Referral> pairs = made.stream().filter(Referral::paired).toList();
        List<Report.Item> items = new ArrayList<>();
        for (int i = 0; i < ONS4.size(); i++) {
            int q = i;
            Double before = pairs.isEmpty() ? null
                    : pairs.stream().mapToInt(r -> r.baseline().get(q)).average().orElse(0);
            Double after = pairs.isEmpty() ? null : pairs.stream().mapToInt(r -> r.after().get(q)).average().orElse(0);
            items.add(new Report.Item(ONS4.get(i), round(before), round(after),
                    before == null ? null : round(after - before)));
        }
        return new Report(practice, from, to, started, completed,
                started == 0 ? null : round((double) completed / started), needs, total.getOrDefault("shown", 0L),
                total.getOrDefault("suggestion_lists", 0L), total.getOrDefault("chosen", 0L),
                referralsByKind(made),
                prefixed(total, "handoff:reason:"), prefixed(total, "handoff:priority:"), waits.size(),
                centile(waits, 50), centile(waits, 90), total.getOrDefault("risk", 0L), prefixed(total, "risk:"),
                followUps, new Report.Wellbeing(pairs.size(), items),
                flagged.values().stream().sorted(Comparator.comparing(Report.Flagged::reports).reversed()).toList());
    }

    private static Map<String, Long> prefixed(Map<String, Long> total, String prefix) {
        Map<String, Long> out = new LinkedHashMap<>();
        total.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Nearest-rank centile of the waits, in minutes. */
    static Double centile(List<Long> sortedMillis, int centile) {
        if (sortedMillis.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(centile / 100.0 * sortedMillis.size());
        long ms = sortedMillis.get(Math.max(0, rank - 1));
        return round(ms / 60_000.0);
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 100) / 100.0;
    }

    /** Each kind of referral record, superseded ones left out, in a fixed order (zero when none). */
    private static Map<String, Long> referralsByKind(List<Referral> made) {
        Map<String, Long> out = new LinkedHashMap<>();
        List.of(Referral.SELF_REFERRAL, Referral.ACCEPTED, Referral.DECLINED, Referral.SIGNPOSTED)
                .forEach(k -> out.put(k, 0L));
        made.stream().filter(r -> !"superseded".equals(r.status())).forEach(r -> out.merge(r.kind(), 1L, Long::sum));
        return out;
    }
}
