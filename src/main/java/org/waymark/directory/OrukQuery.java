package org.waymark.directory;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ResponseStatusException;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

/**
 * The query parameters of one Open Referral UK list request, each read strictly: a parameter the path does not
 * take, one given twice, or a value that does not parse is a 400 that says which and why, never silently ignored.
 *
 * @param minimumAge services whose minimum age is at least this (a service with none counts as 0)
 * @param maximumAge services whose maximum age is this or less (a service with none has no upper limit)
 * @param startTime  services with a session opening at this time or later
 * @param endTime    services with a session closing at this time or earlier
 */
record OrukQuery(int page, int perPage, String search, String taxonomyTermId, String taxonomyId, Double minimumAge,
                 Double maximumAge, LocalTime startTime, LocalTime endTime, DayOfWeek day, String postcode,
                 Double proximity, Need need) {
    static final int DEFAULT_PER_PAGE = 20;
    static final int MAX_PER_PAGE = 100;

    /** ORUK's parameters of GET /services (openapi.json), then Waymark's own. */
    static final List<String> SERVICES = List.of("search", "page", "per_page", "taxonomy_term_id", "taxonomy_id",
            "minimum_age", "maximum_age", "start_time", "end_time", "day", "postcode", "proximity", "need");
    /** ORUK's parameters of GET /service_at_locations, then Waymark's own. */
    static final List<String> SERVICE_AT_LOCATIONS = SERVICES;
    /** GET /taxonomies and /taxonomy_terms. */
    static final List<String> PAGING = List.of("page", "per_page");
    /** ORUK parameters of API levels above 1, which this API does not offer. */
    private static final Set<String> ABOVE_LEVEL_1 = Set.of("minimal", "full", "modified_after", "organization_id",
            "full_service", "format");

    /** The parameters of a request to {@code path}, which takes {@code allowed}. */
    static OrukQuery parse(String path, MultiValueMap<String, String> params, List<String> allowed) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String name = e.getKey();
            if (!allowed.contains(name)) {
                problems.add(ABOVE_LEVEL_1.contains(name)
                        ? name + " is an Open Referral UK parameter above API level 1, which this API does not offer"
                        : path + " has no parameter '" + name + "'"
                        + (allowed.isEmpty() ? "" : "; it takes " + String.join(", ", allowed)));
            } else if (e.getValue().size() > 1) {
                problems.add(name + " is given " + e.getValue().size() + " times; give it once");
            }
        }
        if (!problems.isEmpty()) {
            throw bad(String.join(". ", problems));
        }
        int page = integer(params, "page", 1);
        int perPage = integer(params, "per_page", DEFAULT_PER_PAGE);
        if (page < 1) {
            throw bad("page is the page number, 1 or more, not " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw bad("per_page is how many items a page holds, between 1 and " + MAX_PER_PAGE + ", not " + perPage);
        }
        Double minimumAge = age(params, "minimum_age");
        Double maximumAge = age(params, "maximum_age");
        LocalTime start = time(params, "start_time");
        LocalTime end = time(params, "end_time");
        if (start != null && end != null && end.isBefore(start)) {
            throw bad("end_time " + end + " is before start_time " + start);
        }
        DayOfWeek day = text(params, "day").map(d -> dayOf(d).orElseThrow(() -> bad("Unknown day '" + d
                + "'; use MO, TU, WE, TH, FR, SA, SU or the day's name"))).orElse(null);
        String postcode = text(params, "postcode").orElse(null);
        Double proximity = text(params, "proximity").map(p -> {
            double metres = number("proximity", p);
            if (metres <= 0) {
                throw bad("proximity is a distance in metres and must be more than 0, not " + p);
            }
            return metres;
        }).orElse(null);
        if (proximity != null && postcode == null) {
            throw bad("proximity is a distance from a postcode: give postcode too");
        }
        Need need = text(params, "need").map(n -> Need.fromCode(n).orElseThrow(() -> bad("Unknown need '" + n
                + "'"))).orElse(null);
        return new OrukQuery(page, perPage, text(params, "search").orElse(null),
                text(params, "taxonomy_term_id").orElse(null), text(params, "taxonomy_id").orElse(null), minimumAge,
                maximumAge, start, end, day, postcode, proximity, need);
    }

    /** Whether any filter on a service's sessions is given. */
    boolean onSessions() {
        return day != null || startTime != null || endTime != null;
    }

    /** A value given, trimmed; an empty one counts as not given. */
    private static Optional<String> text(MultiValueMap<String, String> params, String name) {
        String v = params.getFirst(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static int integer(MultiValueMap<String, String> params, String name, int otherwise) {
        return text(params, name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw bad(name + " must be a whole number, not '" + v + "'");
            }
        }).orElse(otherwise);
    }

    private static double number(String name, String v) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(name + " must be a number, not '" + v + "'");
        }
    }

    private static Double age(MultiValueMap<String, String> params, String name) {
        return text(params, name).map(v -> {
            double years = number(name, v);
            if (years < 0 || years > 150) {
                throw bad(name + " is an age in years, from 0 to 150, not " + v);
            }
            return years;
        }).orElse(null);
    }

    private static LocalTime time(MultiValueMap<String, String> params, String name) {
        return text(params, name).map(v -> {
            try {
                return OrukMapping.parseTime(v);
            } catch (DateTimeParseException e) {
                throw bad(name + " must be a time of day such as 09:30 or 14:00:00, not '" + v + "'");
            }
        }).orElse(null);
    }

    static Optional<DayOfWeek> dayOf(String day) {
        String d = day.trim().toUpperCase(Locale.ROOT);
        DayOfWeek code = d.length() == 2 ? Availability.dayOf(d) : null;
        if (code != null) {
            return Optional.of(code);
        }
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().equals(d) || w.name().substring(0, 3).equals(d)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
