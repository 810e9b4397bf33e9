package org.waymark.directory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.waymark.taxonomy.Need;

import tools.jackson.databind.JsonNode;

/** Reads an Open Referral UK service_full object into the {@link Activity} that matching uses. */
final class OrukMapping {
    /** Waymark's own field: why a listing was flagged by a patient's follow-up answer. */
    static final String FLAGGED_NOT_RUNNING = "x_flagged_not_running";

    /** The taxonomy name Waymark gives its twelve needs in ORUK attributes. */
    static final String NEEDS_TAXONOMY = "waymark-needs";
    static final Set<String> STATUSES = Set.of("active", "inactive", "defunct", "temporarily closed");
    static final Pattern ID = Pattern.compile("^[A-Za-z0-9._-]{1,100}$");

    /** Words in a council's own taxonomy terms (or a description) that point at one of our needs. */
    private static final Map<Need, Pattern> KEYWORDS = Map.ofEntries(
            Map.entry(Need.LONELINESS, words("lonel|isolat|befriend|social group|coffee morning|friendship|lunch club")),
            Map.entry(Need.PHYSICAL_ACTIVITY, words("exercise|physical activit|walking|sport|fitness|yoga|dance|swim")),
            Map.entry(Need.MENTAL_WELLBEING, words("mental|wellbeing|counsel|anxiety|depression|mindful|talking therap")),
            Map.entry(Need.MONEY, words("debt|benefit|money|financ|budget|welfare|energy bill")),
            Map.entry(Need.HOUSING, words("housing|homeless|tenan|evict|rent")),
            Map.entry(Need.EMPLOYMENT, words("employ|job|career|work club|cv ")),
            Map.entry(Need.ARTS_CREATIVITY, words("art|craft|music|sing|choir|creative|pottery|knit")),
            Map.entry(Need.NATURE_GARDENING, words("garden|nature|allotment|green space|outdoor")),
            Map.entry(Need.LEARNING, words("learn|course|class|digital skill|esol|education|reading")),
            Map.entry(Need.HEALTHY_EATING, words("food|eating|nutrition|cook|diet|meal")),
            Map.entry(Need.CARERS_SUPPORT, words("carer")),
            Map.entry(Need.VOLUNTEERING, words("volunteer")));

    private OrukMapping() {
    }

    private static Pattern words(String alternatives) {
        return Pattern.compile("\\b(" + alternatives + ")", Pattern.CASE_INSENSITIVE);
    }

    /** The stable taxonomy term id for a need, the same in every deployment. */
    static String termId(Need need) {
        return UUID.nameUUIDFromBytes(("waymark-need:" + need.code()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Optional<Need> needOfTerm(String termIdOrCode) {
        if (termIdOrCode == null) {
            return Optional.empty();
        }
        Optional<Need> byCode = Need.fromCode(termIdOrCode);
        if (byCode.isPresent()) {
            return byCode;
        }
        return EnumSet.allOf(Need.class).stream().filter(n -> termId(n).equalsIgnoreCase(termIdOrCode.trim()))
                .findFirst();
    }

    static Activity toActivity(JsonNode s, PostcodeGeography geography) {
        JsonNode location = firstLocation(s);
        JsonNode address = location.path("addresses").path(0);
        String postcode = text(address, "postal_code");
        Double lat = null;
        Double lon = null;
        if (location.path("latitude").isNumber() && location.path("longitude").isNumber()
                && PostcodeGeography.Point.valid(location.path("latitude").asDouble(),
                location.path("longitude").asDouble())) {
            lat = location.path("latitude").asDouble();
            lon = location.path("longitude").asDouble();
        } else if (postcode != null) {
            Optional<PostcodeGeography.Point> p = geography.locate(postcode);
            if (p.isPresent()) {
                lat = p.get().lat();
                lon = p.get().lon();
            }
        }
        String normalisedPostcode = postcode == null ? null : geography.normalise(postcode).orElse(postcode);
        List<String> addressParts = new ArrayList<>();
        for (String f : new String[] {"address_1", "city"}) {
            String v = text(address, f);
            if (v != null && !v.isBlank()) {
                addressParts.add(v.trim());
            }
        }
        if (normalisedPostcode != null) {
            addressParts.add(normalisedPostcode);
        }
        StringBuilder access = new StringBuilder();
        for (JsonNode a : location.path("accessibility")) {
            for (String f : new String[] {"description", "accessibility", "details"}) {
                String v = text(a, f);
                if (v != null && !v.isBlank() && access.indexOf(v) < 0) {
                    access.append(access.isEmpty() ? "" : " ").append(v.trim());
                }
            }
        }
        List<String> languages = new ArrayList<>();
        for (JsonNode l : s.path("languages")) {
            String v = Optional.ofNullable(text(l, "name")).orElse(text(l, "code"));
            if (v != null && !v.isBlank()) {
                languages.add(v);
            }
        }
        JsonNode contact = s.path("contacts").path(0);
        String contactLine = joinNonBlank(" - ", text(contact, "name"), text(contact, "title"));
        String email = text(s, "email");
        if (email != null && !email.isBlank()) {
            contactLine = joinNonBlank(", ", contactLine, email);
        }
        Set<String> termIds = new LinkedHashSet<>();
        for (JsonNode a : s.path("attributes")) {
            String id = Optional.ofNullable(text(a.path("taxonomy_term"), "id")).orElse(text(a, "taxonomy_term_id"));
            if (id != null) {
                termIds.add(id);
            }
        }
        return new Activity(text(s, "id"), text(s, "name"), text(s.path("organization"), "name"),
                text(s, "description"), Optional.ofNullable(text(s, "status")).orElse("").toLowerCase(Locale.ROOT),
                needs(s), termIds, lat, lon, normalisedPostcode, String.join(", ", addressParts), Schedules.sessions(s),
                lowestCost(s), access.toString(), languages, contactLine,
                // a patient said it was not running: treated as unchecked until a link worker checks it again
                s.hasNonNull(FLAGGED_NOT_RUNNING) ? null : date(text(s, "assured_date")), Eligibility.of(s));
    }

    /** Waymark's own need terms when present, else needs read from the council's terms, else from the words. */
    static Set<Need> needs(JsonNode s) {
        Set<Need> own = EnumSet.noneOf(Need.class);
        StringBuilder otherTerms = new StringBuilder();
        for (JsonNode a : s.path("attributes")) {
            JsonNode term = a.path("taxonomy_term");
            String taxonomy = text(term, "taxonomy");
            Optional<Need> need = needOfTerm(text(term, "id"));
            if (need.isEmpty() && NEEDS_TAXONOMY.equals(taxonomy)) {
                need = Need.fromCode(Optional.ofNullable(text(term, "term")).orElse(text(term, "name")));
            }
            if (need.isPresent()) {
                own.add(need.get());
            } else if (!Eligibility.TAXONOMY.equals(taxonomy)) { // who it is for is not what it helps with
                otherTerms.append(' ').append(joinNonBlank(" ", text(term, "name"), text(term, "term"),
                        text(term, "description")));
            }
        }
        if (!own.isEmpty()) {
            return own;
        }
        Set<Need> fromTerms = keywordNeeds(otherTerms.toString());
        return fromTerms.isEmpty() ? keywordNeeds(joinNonBlank(" ", text(s, "name"), text(s, "description")))
                : fromTerms;
    }

    private static Set<Need> keywordNeeds(String text) {
        Set<Need> found = EnumSet.noneOf(Need.class);
        KEYWORDS.forEach((need, pattern) -> {
            if (pattern.matcher(text).find()) {
                found.add(need);
            }
        });
        return found;
    }

    /** The cheapest option: null (free) when there are none or one costs nothing. */
    static BigDecimal lowestCost(JsonNode s) {
        BigDecimal lowest = null;
        for (JsonNode c : s.path("cost_options")) {
            JsonNode amount = c.path("amount");
            if (amount.isNumber()) {
                BigDecimal a = amount.decimalValue();
                lowest = lowest == null || a.compareTo(lowest) < 0 ? a : lowest;
            }
        }
        // with no priced option we have nothing better than "free" to go on; the fees text says the rest
        return lowest == null || lowest.signum() <= 0 ? null : lowest;
    }

    static JsonNode firstLocation(JsonNode s) {
        return s.path("service_at_locations").path(0).path("location");
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainer()) {
            return null;
        }
        return v.asString();
    }

    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static LocalTime time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parseTime(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A time of day as ORUK writes one ({@code 10:00}, {@code 10:00:00}, with {@code Z} or an offset such as
     * {@code 09:00-05:00}, which is the local time there): the local time, or an exception when it is none.
     */
    static LocalTime parseTime(String text) {
        String t = text.trim();
        Matcher zone = ZONE.matcher(t);
        if (zone.find()) {
            t = t.substring(0, zone.start());
        }
        return LocalTime.parse(t.length() > 8 ? t.substring(0, 8) : t);
    }

    private static final Pattern ZONE = Pattern.compile("(Z|[+-][0-9]{2}(:?[0-9]{2})?)$");

    static String joinNonBlank(String sep, String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                sb.append(sb.isEmpty() ? "" : sep).append(p.trim());
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
