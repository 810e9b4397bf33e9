package org.waymark.followup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.waymark.taxonomy.Need;

/**
 * A referral as the practice's records system takes it, after the PRSB Social Prescribing Information Standard's
 * sections (needs and concerns, support offered, outcome, wellbeing). See docs/referral-records.md for the fields
 * and the SNOMED CT concept used.
 */
final class ReferralRecords {
    static final String SNOMED = "http://snomed.info/sct";
    /**
     * Referral to social prescribing service (procedure): written when a link worker takes the case on. See
     * docs/referral-records.md for its source and why then.
     */
    static final String REFERRAL_CODE = "871731000000106";
    static final String REFERRAL_DISPLAY = "Referral to social prescribing service";
    /** Social prescribing declined (situation); see docs/referral-records.md for its source. */
    static final String DECLINED_CODE = "871711000000103";
    static final String DECLINED_DISPLAY = "Social prescribing declined";
    /**
     * The SNOMED CT concept of each kind of record, [code, display]; the patient's self-referral with the bot and a
     * signposting carry none (no concept we could confirm: docs/referral-records.md).
     */
    private static final Map<String, List<String>> CODES = Map.of(
            Referral.ACCEPTED, List.of(REFERRAL_CODE, REFERRAL_DISPLAY),
            Referral.DECLINED, List.of(DECLINED_CODE, DECLINED_DISPLAY));
    private static final Map<String, String> EVENTS = Map.of(
            Referral.SELF_REFERRAL, "Self-referral: the patient chose a community activity with Waymark",
            Referral.ACCEPTED, "Referral accepted: a link worker took the case on",
            Referral.DECLINED, "The patient declined social prescribing",
            Referral.SIGNPOSTED, "A link worker signposted the patient elsewhere");
    static final List<String> ONS4 = List.of("life_satisfaction", "worthwhile", "happiness", "anxiety");
    static final List<String> CSV_HEADER = List.of("referral_id", "practice", "referral_date", "event", "snomed_code",
            "snomed_display", "channel", "contact", "patient_pseudonym", "needs", "needs_described",
            "activity_id", "activity_name", "follow_up_status", "follow_up_date", "outcome", "outcome_date",
            "ons4_life_satisfaction_before", "ons4_worthwhile_before", "ons4_happiness_before",
            "ons4_anxiety_before", "ons4_life_satisfaction_after", "ons4_worthwhile_after", "ons4_happiness_after",
            "ons4_anxiety_after");

    private ReferralRecords() {
    }

    static Map<String, Object> json(Referral r, String pseudonym) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("practice", r.practice());
        out.put("referralDate", r.referredAt().toString());
        out.put("event", r.kind());
        out.put("handoffId", r.handoffId());
        Map<String, Object> referral = new LinkedHashMap<>();
        List<String> concept = CODES.get(r.kind());
        referral.put("system", concept == null ? null : SNOMED);
        referral.put("code", concept == null ? null : concept.get(0));
        referral.put("display", concept == null ? null : concept.get(1));
        referral.put("text", EVENTS.getOrDefault(r.kind(), r.kind()));
        out.put("referral", referral);
        out.put("person", Map.of("channel", r.channel().code(), "contact", r.address(),
                "pseudonym", pseudonym));
        out.put("needsAndConcerns", r.needs().stream().map(code -> Map.of("code", code, "display",
                Need.fromCode(code).map(Need::plainWords).orElse(code))).toList());
        Map<String, Object> support = new LinkedHashMap<>();
        support.put("type", switch (r.kind()) {
            case Referral.SELF_REFERRAL -> "community activity chosen by the patient (self-referral through Waymark)";
            case Referral.ACCEPTED -> "link worker support" + (r.activityName() == null ? ""
                    : ", referred to a community activity");
            case Referral.SIGNPOSTED -> "signposted elsewhere by a link worker";
            default -> "none (declined)";
        });
        support.put("activityId", r.activityId());
        support.put("activityName", r.activityName());
        out.put("supportOffered", support);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("followUpStatus", r.status());
        outcome.put("followUpDate", r.followUpAt() == null ? null : r.followUpAt().toString());
        outcome.put("outcome", r.outcome());
        outcome.put("outcomeDate", r.outcomeAt() == null ? null : r.outcomeAt().toString());
        out.put("outcome", outcome);
        Map<String, Object> wellbeing = new LinkedHashMap<>();
        wellbeing.put("instrument", "ONS4 personal wellbeing (0-10)");
        wellbeing.put("before", scores(r.baseline()));
        wellbeing.put("after", scores(r.after()));
        out.put("wellbeing", wellbeing);
        return out;
    }

    private static Map<String, Integer> scores(List<Integer> s) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < ONS4.size(); i++) {
            out.put(ONS4.get(i), i < s.size() ? s.get(i) : null);
        }
        return out;
    }

    static List<Object> csvRow(Referral r, String pseudonym) {
        List<Object> row = new java.util.ArrayList<>(List.of(r.id(), r.practice(), r.referredAt().toString(),
                r.kind(), code(r, 0), code(r, 1), r.channel().code(), r.address(),
                pseudonym, String.join(" ", r.needs()),
                String.join("; ", r.needs().stream().map(c -> Need.fromCode(c).map(Need::plainWords).orElse(c))
                        .toList())));
        row.add(r.activityId());
        row.add(r.activityName());
        row.add(r.status());
        row.add(r.followUpAt());
        row.add(r.outcome());
        row.add(r.outcomeAt());
        for (List<Integer> s : List.of(r.baseline(), r.after())) {
            for (int i = 0; i < 4; i++) {
                row.add(i < s.size() ? s.get(i) : null);
            }
        }
        return row;
    }

    private static String code(Referral r, int part) {
        List<String> code = CODES.get(r.kind());
        return code == null ? "" : code.get(part);
    }

    static String csv(List<Referral> referrals, Function<Referral, String> pseudonym) {
        Csv csv = new Csv().row(CSV_HEADER);
        referrals.forEach(r -> csv.row(csvRow(r, pseudonym.apply(r))));
        return csv.toString();
    }
}
