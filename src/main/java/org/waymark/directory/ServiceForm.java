package org.waymark.directory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

/**
 * What a link worker types to add or edit an activity: every place it happens and every time it meets. The form
 * posts them as indexed fields ({@code locations[0].postcode}, {@code schedules[1].days}); blank rows are ignored
 * and rows ticked "remove" are dropped when saving.
 */
record ServiceForm(String name, String organisation, String description, List<Location> locations,
                   List<Schedule> schedules, String cost, String languages, String contact, List<String> needs,
                   String status, String phone, String email, String website) {

    /** The most places or times one form takes. */
    static final int MAX_ROWS = 50;
    static final String WEEKLY = "WEEKLY";
    static final String MONTHLY = "MONTHLY";
    /** The form's "every other week": ORUK's WEEKLY with interval 2, counted from the first date (dtstart). */
    static final String FORTNIGHTLY = "FORTNIGHTLY";
    /** RFC 5545 ordinals for the weeks of a month a monthly time may be in ("-1" is the last). */
    static final List<String> WEEKS = List.of("1", "2", "3", "4", "-1");

    ServiceForm {
        locations = rows(locations);
        schedules = rows(schedules);
        needs = needs == null ? List.of() : List.copyOf(needs);
    }

    /** The form as it was before phone, email and website (tests and older callers). */
    ServiceForm(String name, String organisation, String description, List<Location> locations,
                List<Schedule> schedules, String cost, String languages, String contact, List<String> needs,
                String status) {
        this(name, organisation, description, locations, schedules, cost, languages, contact, needs, status, null,
                null, null);
    }

    /** One place, with a single weekly time: the shape of most activities (and of the form before places and times). */
    ServiceForm(String name, String organisation, String description, String address, String postcode,
                List<String> days, String opens, String closes, String cost, String accessibility, String languages,
                String contact, List<String> needs, String status) {
        this(name, organisation, description, List.of(new Location(null, null, address, postcode, accessibility,
                false)), List.of(new Schedule(null, days, WEEKLY, List.of(), opens, closes, null, null, false)),
                cost, languages, contact, needs, status);
    }

    /** One place the activity happens: an ORUK service_at_location with its physical location. */
    record Location(String id, String name, String address, String postcode, String accessibility, Boolean remove) {
        Location {
            remove = remove != null && remove;
        }

        static Location empty() {
            return new Location(null, null, null, null, null, false);
        }

        boolean isBlank() {
            return ServiceForm.blank(name) && ServiceForm.blank(address) && ServiceForm.blank(postcode)
                    && ServiceForm.blank(accessibility);
        }
    }

    /**
     * One time it meets, an ORUK schedule: days of the week ({@code byday}), every week or in some weeks of the
     * month ({@code freq}, and {@code weeks} as the ordinals written before each day; none is every week of the
     * month), from {@code opens} to
     * {@code closes}, between two dates when it is only for a while.
     */
    record Schedule(String id, List<String> days, String freq, List<String> weeks, String opens, String closes,
                    String validFrom, String validTo, Boolean remove) {
        Schedule {
            days = days == null ? List.of() : days.stream().filter(Objects::nonNull).toList();
            weeks = weeks == null ? List.of() : weeks.stream().filter(Objects::nonNull).toList();
            freq = ServiceForm.blank(freq) ? WEEKLY : freq.trim();
            remove = remove != null && remove;
        }

        static Schedule empty() {
            return new Schedule(null, List.of(), WEEKLY, List.of(), null, null, null, null, false);
        }

        boolean isBlank() {
            return days.isEmpty() && ServiceForm.blank(opens) && ServiceForm.blank(closes)
                    && ServiceForm.blank(validFrom) && ServiceForm.blank(validTo);
        }

        boolean monthly() {
            return MONTHLY.equals(freq);
        }

        /** ORUK's interval: 2 for every other week, else 1. */
        int interval() {
            return FORTNIGHTLY.equals(freq) ? 2 : 1;
        }

        /** The RFC 5545 BYDAY: the days in week order, each after every week chosen when monthly. */
        String byday() {
            List<String> codes = Availability.ANY.days().stream().map(Availability::codeOf)
                    .filter(c -> days.stream().anyMatch(c::equalsIgnoreCase)).toList();
            if (!monthly() || weeks.isEmpty()) {
                return String.join(",", codes);
            }
            List<String> out = new ArrayList<>();
            for (String w : WEEKS) {
                if (weeks.contains(w)) {
                    codes.forEach(c -> out.add(w + c));
                }
            }
            return String.join(",", out);
        }
    }

    static ServiceForm empty() {
        return new ServiceForm("", "", "", List.of(Location.empty()), List.of(Schedule.empty()), "", "English", "",
                List.of(), "active");
    }

    /** The places that will be saved: not blank, not ticked to remove. */
    List<Location> keptLocations() {
        return locations.stream().filter(l -> !l.remove() && !l.isBlank()).toList();
    }

    /** The times that will be saved: not blank, not ticked to remove. */
    List<Schedule> keptSchedules() {
        return schedules.stream().filter(s -> !s.remove() && !s.isBlank()).toList();
    }

    ServiceForm withLocations(List<Location> rows) {
        return new ServiceForm(name, organisation, description, rows, schedules, cost, languages, contact, needs,
                status, phone, email, website);
    }

    ServiceForm withSchedules(List<Schedule> rows) {
        return new ServiceForm(name, organisation, description, locations, rows, cost, languages, contact, needs,
                status, phone, email, website);
    }

    /** The same form with an empty place added (the "Add another place" button). */
    ServiceForm withAnotherLocation() {
        List<Location> rows = new ArrayList<>(locations);
        rows.add(Location.empty());
        return withLocations(rows);
    }

    /** The same form with an empty time added (the "Add another time" button). */
    ServiceForm withAnotherSchedule() {
        List<Schedule> rows = new ArrayList<>(schedules);
        rows.add(Schedule.empty());
        return withSchedules(rows);
    }

    /** One problem with a field, for the error summary and the field itself; {@code field} is the input's id. */
    record Problem(String field, String message) {
    }

    List<Problem> problems(PostcodeGeography geography) {
        List<Problem> out = new ArrayList<>();
        if (blank(name)) {
            out.add(new Problem("name", "Enter the name of the activity"));
        } else if (name.length() > 120) {
            out.add(new Problem("name", "Name must be 120 characters or fewer"));
        }
        if (blank(organisation)) {
            out.add(new Problem("organisation", "Enter the organisation that runs it"));
        }
        if (!blank(phone) && cleanPhone(phone) == null) {
            out.add(new Problem("phone", "Enter a phone number like 020 7946 0000 or 07700 900123"));
        }
        if (!blank(email) && !EMAIL.matcher(email.strip()).matches()) {
            out.add(new Problem("email", "Enter an email address like name@example.org"));
        }
        if (!blank(website) && cleanWebsite(website) == null) {
            out.add(new Problem("website", "Enter a website address like www.example.org"));
        }
        if (needs.isEmpty() || needs.stream().anyMatch(n -> n == null || Need.fromCode(n).isEmpty())) {
            out.add(new Problem("needs", "Choose at least one need it helps with"));
        }
        locationProblems(geography, out);
        scheduleProblems(out);
        if (!blank(cost) && amount().isEmpty()) {
            out.add(new Problem("cost", "Enter the cost in pounds, like 3 or 2.50, or leave it empty if free"));
        }
        if (status == null || !OrukMapping.STATUSES.contains(status)) {
            out.add(new Problem("status", "Choose a status"));
        }
        return out;
    }

    private void locationProblems(PostcodeGeography geography, List<Problem> out) {
        if (locations.size() > MAX_ROWS) {
            out.add(new Problem("location-0-postcode", "Give " + MAX_ROWS + " places or fewer"));
            return;
        }
        if (keptLocations().isEmpty()) {
            int first = firstKept(locations.stream().map(Location::remove).toList());
            out.add(new Problem("location-" + first + "-postcode", "Enter a London postcode, like E1 6AN"));
            return;
        }
        boolean several = keptLocations().size() > 1;
        for (int i = 0; i < locations.size(); i++) {
            Location l = locations.get(i);
            if (l.remove() || l.isBlank()) {
                continue;
            }
            if (blank(l.postcode()) || geography.normalise(l.postcode()).isEmpty()) {
                out.add(new Problem("location-" + i + "-postcode", (several ? "Place " + (i + 1) + ": enter"
                        : "Enter") + " a London postcode, like E1 6AN"));
            }
        }
    }

    private static int firstKept(List<Boolean> removed) {
        for (int i = 0; i < removed.size(); i++) {
            if (!removed.get(i)) {
                return i;
            }
        }
        return 0;
    }

    private void scheduleProblems(List<Problem> out) {
        if (schedules.size() > MAX_ROWS) {
            out.add(new Problem("schedule-0-days", "Give " + MAX_ROWS + " times or fewer"));
            return;
        }
        boolean several = keptSchedules().size() > 1;
        for (int i = 0; i < schedules.size(); i++) {
            Schedule s = schedules.get(i);
            if (s.remove() || s.isBlank()) {
                continue;
            }
            String which = several ? "Time " + (i + 1) + ": " : "";
            String id = "schedule-" + i + "-";
            if (s.days().isEmpty()) {
                out.add(new Problem(id + "days", which + "Choose the days it meets"));
            } else if (s.days().stream().anyMatch(d -> Availability.dayOf(d) == null)) {
                out.add(new Problem(id + "days", which + "Choose days from the list"));
            }
            if (!Set.of(WEEKLY, FORTNIGHTLY, MONTHLY).contains(s.freq())) {
                out.add(new Problem(id + "freq", which + "Choose every week, every other week or some weeks of the "
                        + "month"));
            } else if (FORTNIGHTLY.equals(s.freq()) && blank(s.validFrom())) {
                out.add(new Problem(id + "valid-from", which + "For every other week, enter the first date it "
                        + "meets, so the weeks it meets in are known"));
            }
            if (!WEEKS.containsAll(s.weeks())) {
                out.add(new Problem(id + "weeks", which + "Choose weeks of the month from the list"));
            }
            Optional<LocalTime> o = time(s.opens());
            Optional<LocalTime> c = time(s.closes());
            if (!blank(s.opens()) && o.isEmpty()) {
                out.add(new Problem(id + "opens", which + "Enter the start time, like 9:30 or 2pm"));
            } else if (blank(s.opens()) && !s.days().isEmpty()) {
                out.add(new Problem(id + "opens", which + "Enter the start time for the days chosen"));
            }
            if (!blank(s.closes()) && c.isEmpty()) {
                out.add(new Problem(id + "closes", which + "Enter the end time, like 12:00 or 4:30pm"));
            }
            if (o.isPresent() && c.isPresent() && !c.get().isAfter(o.get())) {
                out.add(new Problem(id + "closes", which + "End time must be after the start time"));
            }
            Optional<LocalDate> from = date(s.validFrom());
            Optional<LocalDate> to = date(s.validTo());
            if (!blank(s.validFrom()) && from.isEmpty()) {
                out.add(new Problem(id + "valid-from", which + "Enter the first date like 2026-01-31"));
            }
            if (!blank(s.validTo()) && to.isEmpty()) {
                out.add(new Problem(id + "valid-to", which + "Enter the last date like 2026-12-31"));
            }
            if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
                out.add(new Problem(id + "valid-to", which + "The last date must not be before the first"));
            }
        }
    }

    /** The problems by field id, for the message beside each field. */
    static Map<String, String> byField(List<Problem> problems) {
        return problems.stream().collect(Collectors.toMap(Problem::field, Problem::message, (a, b) -> a));
    }

    Optional<BigDecimal> amount() {
        if (blank(cost)) {
            return Optional.of(BigDecimal.ZERO);
        }
        try {
            BigDecimal v = new BigDecimal(cost.trim().replace("£", ""));
            return v.signum() < 0 ? Optional.empty() : Optional.of(v);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile(
            "[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

    /** A phone number as typed, spaced as typed; null when it is not one (10 to 15 digits, "+" only first). */
    static String cleanPhone(String text) {
        if (blank(text)) {
            return null;
        }
        String t = text.strip();
        if (!t.matches("\\+?[0-9 ()\\-]+")) {
            return null;
        }
        long digits = t.chars().filter(Character::isDigit).count();
        return digits >= 10 && digits <= 15 ? t.replaceAll("\\s+", " ") : null;
    }

    /** A website as typed, with https:// when it has no scheme; null when it is not one. */
    static String cleanWebsite(String text) {
        if (blank(text)) {
            return null;
        }
        String t = text.strip();
        String url = t.matches("(?i)https?://.*") ? t : "https://" + t;
        try {
            java.net.URI u = new java.net.URI(url);
            String host = u.getHost();
            return host != null && host.contains(".") && !host.startsWith(".") && !host.endsWith(".") ? url : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    static Optional<LocalTime> time(String text) {
        // as people write them: "9:30", "9.30", "2pm" (FormTimes); else as a feed has them ("09:30:00")
        return blank(text) ? Optional.empty() : FormTimes.parse(text).or(() -> Optional.ofNullable(
                OrukMapping.time(text.trim())));
    }

    static Optional<LocalDate> date(String text) {
        if (blank(text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> List<T> rows(List<T> rows) {
        return rows == null ? List.of() : rows.stream().filter(Objects::nonNull).toList();
    }
}
