package org.waymark.directory;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;
import org.waymark.taxonomy.Availability;

import tools.jackson.databind.JsonNode;

/**
 * When an activity meets: its Open Referral UK schedules read as the RFC 5545 recurrence rules ORUK says they are
 * ({@code freq} WEEKLY or MONTHLY, the only two ORUK's enum allows; {@code interval}, {@code byday} such as
 * {@code TU}, {@code 2TU}, {@code -1FR}, {@code MO,WE}; {@code bymonthday}; {@code dtstart}; HSDS 3.0's
 * {@code until}, {@code count} and {@code wkst} when a feed gives them), bounded by {@code valid_from} and
 * {@code valid_to}, with the dates computed by org.dmfs lib-recur from a rule built of those fields. The rule runs
 * from {@code dtstart}, else {@code valid_from}; a rule whose dates do not depend on where it starts (every week or
 * month, on given days) may have neither. What lib-recur could not compute, or would compute only by guessing (an
 * interval with no date to count from, a week of the month on a weekly schedule), is refused at import by
 * {@link #problems}, naming the field.
 */
final class Schedules {
    /** How far ahead a meeting counts as coming up: every monthly day such as "2TU" or "-1FR" falls within it. */
    static final int HORIZON_DAYS = 56;
    private static final Set<String> FREQS = Set.of("WEEKLY", "MONTHLY");
    private static final Pattern BYDAY = Pattern.compile("([+-]?\\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)");
    private static final Pattern BYMONTHDAY = Pattern.compile("[+-]?\\d{1,2}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Rules read so far, by text; lib-recur's rule is only read once made, so one serves every thread. */
    private static final Map<String, RecurrenceRule> RULES = new ConcurrentHashMap<>();
    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("EEE d MMM", Locale.UK);

    private Schedules() {
    }

    /**
     * One schedule's rule, as RFC 5545 text ({@code FREQ=WEEKLY;INTERVAL=2;BYDAY=TU}, so a card stores it as it
     * is). {@code start} is where it is counted from (dtstart, else valid_from), null when its dates do not depend
     * on it; {@code days} the weekdays of its BYDAY (none when it has none).
     */
    record Recurrence(String rule, String freq, int interval, LocalDate start, LocalDate validFrom,
                      LocalDate validTo, Set<DayOfWeek> days) {
        boolean monthly() {
            return "MONTHLY".equals(freq);
        }

        /** Every week on its days, nothing more: the day alone says when it meets. */
        boolean everyWeek() {
            return !monthly() && interval == 1 && !rule.contains("COUNT=") && !rule.contains("UNTIL=");
        }

        /** The first date from {@code from} on that it meets and {@code wanted} accepts, up to {@code last}. */
        Optional<LocalDate> next(LocalDate from, LocalDate last, Predicate<LocalDate> wanted) {
            LocalDate begin = validFrom != null && validFrom.isAfter(from) ? validFrom : from;
            LocalDate end = validTo != null && validTo.isBefore(last) ? validTo : last;
            if (begin.isAfter(end)) {
                return Optional.empty();
            }
            // a rule whose dates do not depend on its start is run from the first of the month it is asked about
            LocalDate anchor = start != null ? start : begin.withDayOfMonth(1);
            if (anchor.isAfter(end)) {
                return Optional.empty();
            }
            RecurrenceRuleIterator it = compiled(rule).iterator(dateTime(anchor));
            if (begin.isAfter(anchor)) {
                it.fastForward(dateTime(begin));
            }
            while (it.hasNext()) {
                DateTime d = it.nextDateTime();
                LocalDate date = LocalDate.of(d.getYear(), d.getMonth() + 1, d.getDayOfMonth());
                if (date.isAfter(end)) {
                    return Optional.empty();
                }
                if (!date.isBefore(begin) && wanted.test(date)) {
                    return Optional.of(date);
                }
            }
            return Optional.empty();
        }

        private static DateTime dateTime(LocalDate d) {
            // lib-recur counts months from 0
            return new DateTime(d.getYear(), d.getMonthValue() - 1, d.getDayOfMonth());
        }
    }

    /** The meetings of a service's schedules, one a weekday (or one for a schedule with no fixed weekday). */
    static List<Activity.Session> sessions(JsonNode service) {
        List<Activity.Session> out = new ArrayList<>();
        for (JsonNode sch : service.path("schedules")) {
            Optional<Recurrence> r = recurrence(sch);
            if (r.isEmpty()) {
                continue;
            }
            LocalTime opens = OrukMapping.time(OrukMapping.text(sch, "opens_at"));
            LocalTime closes = OrukMapping.time(OrukMapping.text(sch, "closes_at"));
            Set<DayOfWeek> days = r.get().days();
            if (days.isEmpty() && !r.get().monthly() && r.get().start() != null) {
                days = EnumSet.of(r.get().start().getDayOfWeek()); // weekly with no BYDAY: dtstart's weekday
            }
            if (days.isEmpty()) {
                out.add(new Activity.Session(null, opens, closes, r.get()));
            }
            for (DayOfWeek d : days) {
                out.add(new Activity.Session(d, opens, closes, r.get()));
            }
        }
        out.sort(Comparator.comparing(Activity.Session::day, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(x -> x.opens() == null ? LocalTime.MIN : x.opens()));
        return out;
    }

    /** The schedule's rule, or none when it has no recurrence or one {@link #problems} refuses. */
    static Optional<Recurrence> recurrence(JsonNode sch) {
        String freq = OrukMapping.text(sch, "freq");
        if (freq == null || !FREQS.contains(freq) || !problems(sch, "$").isEmpty()) {
            return Optional.empty(); // words only, such as "call for times"; a freq ORUK lacks; or refused
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        String byday = upper(OrukMapping.text(sch, "byday"));
        for (String part : byday == null ? new String[0] : byday.split(",")) {
            Matcher m = BYDAY.matcher(part.trim());
            if (m.matches()) {
                days.add(Availability.dayOf(m.group(2)));
            }
        }
        LocalDate validFrom = OrukMapping.date(OrukMapping.text(sch, "valid_from"));
        LocalDate dtstart = OrukMapping.date(OrukMapping.text(sch, "dtstart"));
        return Optional.of(new Recurrence(ruleText(sch, freq), freq, interval(sch), dtstart != null ? dtstart
                : validFrom, validFrom, OrukMapping.date(OrukMapping.text(sch, "valid_to")), days));
    }

    private static int interval(JsonNode sch) {
        return sch.hasNonNull("interval") ? sch.path("interval").asInt() : 1;
    }

    /** The RFC 5545 RRULE the schedule's fields make, such as {@code FREQ=MONTHLY;BYDAY=2TU}. */
    private static String ruleText(JsonNode sch, String freq) {
        StringBuilder rule = new StringBuilder("FREQ=").append(freq);
        if (interval(sch) > 1) {
            rule.append(";INTERVAL=").append(interval(sch));
        }
        String byday = upper(OrukMapping.text(sch, "byday"));
        if (byday != null) {
            rule.append(";BYDAY=").append(byday.replace(" ", ""));
        }
        String bymonthday = OrukMapping.text(sch, "bymonthday");
        if (bymonthday != null) {
            rule.append(";BYMONTHDAY=").append(bymonthday.replace(" ", ""));
        }
        String until = OrukMapping.text(sch, "until");
        if (until != null) {
            rule.append(";UNTIL=").append(until.substring(0, 10).replace("-", ""));
        }
        if (sch.hasNonNull("count")) {
            rule.append(";COUNT=").append(sch.path("count").asInt());
        }
        String wkst = upper(OrukMapping.text(sch, "wkst"));
        if (wkst != null) {
            rule.append(";WKST=").append(wkst);
        }
        return rule.toString();
    }

    /**
     * The rule read by lib-recur, once per text: RFC 5545 itself, except that a BYMONTHDAY on a WEEKLY rule (which
     * ORUK's own example writes) keeps RFC 2445's meaning, only the days of those weeks that are also those days of
     * the month.
     */
    private static RecurrenceRule compiled(String rule) {
        RecurrenceRule r = RULES.get(rule);
        if (r != null) {
            return r;
        }
        try {
            r = new RecurrenceRule(rule, rule.startsWith("FREQ=WEEKLY") && rule.contains("BYMONTHDAY=")
                    ? RecurrenceRule.RfcMode.RFC2445_STRICT : RecurrenceRule.RfcMode.RFC5545_STRICT);
        } catch (InvalidRecurrenceRuleException e) {
            throw new IllegalArgumentException(rule + ": " + e.getMessage(), e);
        }
        if (RULES.size() > 10_000) {
            RULES.clear();
        }
        RULES.put(rule, r);
        return r;
    }

    /**
     * Every way the service's schedules break what Waymark can compute, each with its JSON path from the service
     * ({@code $.schedules[0].byday}); a {@code freq} outside ORUK's enum is left to ORUK's schema, which names it.
     */
    static List<OrukSchemas.Problem> problems(JsonNode service) {
        List<OrukSchemas.Problem> out = new ArrayList<>();
        JsonNode schedules = service.path("schedules");
        for (int i = 0; i < schedules.size(); i++) {
            out.addAll(problems(schedules.get(i), "$.schedules[" + i + "]"));
        }
        return out;
    }

    private static List<OrukSchemas.Problem> problems(JsonNode sch, String at) {
        List<OrukSchemas.Problem> out = new ArrayList<>();
        if (!sch.isObject()) {
            return out; // the schema says so
        }
        for (String f : new String[] {"valid_from", "valid_to", "dtstart", "until"}) {
            String v = OrukMapping.text(sch, f);
            if (v != null && (!DATE.matcher(v.length() > 10 ? v.substring(0, 10) : v).matches()
                    || OrukMapping.date(v) == null)) {
                out.add(new OrukSchemas.Problem(at + "." + f, "must be a date, YYYY-MM-DD (was \"" + v + "\")"));
            }
        }
        for (String f : new String[] {"opens_at", "closes_at"}) {
            String v = OrukMapping.text(sch, f);
            if (v != null && OrukMapping.time(v) == null) {
                out.add(new OrukSchemas.Problem(at + "." + f, "must be a time, HH:MM (was \"" + v + "\")"));
            }
        }
        LocalDate from = OrukMapping.date(OrukMapping.text(sch, "valid_from"));
        LocalDate to = OrukMapping.date(OrukMapping.text(sch, "valid_to"));
        if (from != null && to != null && to.isBefore(from)) {
            out.add(new OrukSchemas.Problem(at + ".valid_to", "is before valid_from"));
        }
        String freq = OrukMapping.text(sch, "freq");
        String byday = upper(OrukMapping.text(sch, "byday"));
        String bymonthday = OrukMapping.text(sch, "bymonthday");
        boolean anchored = sch.hasNonNull("dtstart") || sch.hasNonNull("valid_from");
        if (freq == null) {
            for (String f : new String[] {"byday", "bymonthday", "interval", "dtstart", "until", "count", "wkst"}) {
                if (sch.hasNonNull(f)) {
                    out.add(new OrukSchemas.Problem(at + ".freq", "is needed with " + f
                            + ": WEEKLY or MONTHLY (ORUK has no other)"));
                    break;
                }
            }
            return out;
        }
        if (!FREQS.contains(freq)) {
            return out; // outside ORUK's enum (DAILY, YEARLY, ...): ORUK's schema names it
        }
        boolean monthly = freq.equals("MONTHLY");
        JsonNode interval = sch.get("interval");
        if (interval != null && !interval.isNull() && interval.isNumber()
                && (!interval.canConvertToExactIntegral() || interval.asDouble() < 1 || interval.asDouble() > 52)) {
            out.add(new OrukSchemas.Problem(at + ".interval", "must be a whole number from 1 to 52 (was "
                    + interval + ")"));
        } else if (interval != null && interval.isNumber() && interval.asInt() > 1 && !anchored) {
            out.add(new OrukSchemas.Problem(at + ".dtstart", "is needed when interval is " + interval.asInt()
                    + ": the date of one meeting, to count the " + (monthly ? "months" : "weeks") + " from"));
        }
        if (byday != null) {
            for (String part : byday.split(",", -1)) {
                Matcher m = BYDAY.matcher(part.trim());
                if (!m.matches()) {
                    out.add(new OrukSchemas.Problem(at + ".byday", "\"" + part.trim() + "\" is not a day: write "
                            + "MO, TU, WE, TH, FR, SA or SU, comma separated, such as \"MO,WE\""));
                } else if (m.group(1) != null && !monthly) {
                    out.add(new OrukSchemas.Problem(at + ".byday", "\"" + part.trim() + "\" names a week of the "
                            + "month, which only a MONTHLY schedule has (freq is " + freq + ")"));
                } else if (m.group(1) != null && (Integer.parseInt(m.group(1)) == 0
                        || Math.abs(Integer.parseInt(m.group(1))) > 5)) {
                    out.add(new OrukSchemas.Problem(at + ".byday", "\"" + part.trim() + "\": the week of the month "
                            + "is 1 to 5, or -1 to -5 counting from its end"));
                }
            }
        }
        if (bymonthday != null) {
            for (String part : bymonthday.split(",", -1)) {
                String p = part.trim();
                if (!BYMONTHDAY.matcher(p).matches() || Integer.parseInt(p) == 0
                        || Math.abs(Integer.parseInt(p)) > 31) {
                    out.add(new OrukSchemas.Problem(at + ".bymonthday", "\"" + p + "\" is not a day of the month: "
                            + "1 to 31, or -1 to -31 counting from its end"));
                }
            }
        }
        if (byday == null && bymonthday == null && !anchored) {
            out.add(new OrukSchemas.Problem(at + ".byday", "is needed (or a dtstart) to know "
                    + (monthly ? "which days of the month" : "which days of the week") + " it meets"));
        }
        JsonNode count = sch.get("count");
        if (count != null && !count.isNull()) {
            if (!count.isIntegralNumber() || count.asInt() < 1) {
                out.add(new OrukSchemas.Problem(at + ".count", "must be a whole number of 1 or more"));
            } else if (!anchored) {
                out.add(new OrukSchemas.Problem(at + ".dtstart", "is needed with count: the first meeting counted"));
            }
            if (sch.hasNonNull("until")) {
                out.add(new OrukSchemas.Problem(at + ".count", "cannot be given with until (RFC 5545): give one"));
            }
        }
        String wkst = upper(OrukMapping.text(sch, "wkst"));
        if (wkst != null && Availability.dayOf(wkst) == null) {
            out.add(new OrukSchemas.Problem(at + ".wkst", "\"" + wkst + "\" is not a day: MO to SU"));
        }
        if (out.isEmpty()) {
            try {
                compiled(ruleText(sch, freq));
            } catch (IllegalArgumentException e) { // what lib-recur refuses that the checks above did not
                out.add(new OrukSchemas.Problem(at, "is not a recurrence lib-recur can compute: " + e.getMessage()));
            }
        }
        return out;
    }

    private static String upper(String s) {
        return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * "Tue 10:00-12:00", "Mon, Wed 09:30-12:30"; for one that does not meet every week, how often and its next
     * date: "Every other Tue 10:00-12:00, next Tue 15 Dec", "Monthly Tue 10:00-12:00, next Tue 8 Dec"; "Ask for
     * times" when the listing gives none. The days are those of the first session's times and pattern.
     */
    static String when(List<Activity.Session> sessions, LocalDate today) {
        if (sessions.isEmpty()) {
            return "Ask for times";
        }
        Activity.Session first = sessions.get(0);
        List<Activity.Session> alike = sessions.stream().filter(s -> Objects.equals(s.opens(), first.opens())
                && Objects.equals(s.closes(), first.closes()) && first.samePattern(s)).toList();
        String times = first.opens() == null ? "" : " " + first.opens() + (first.closes() == null ? ""
                : "-" + first.closes());
        Recurrence r = first.recurrence();
        String often = r.monthly() ? (r.interval() == 1 ? "Monthly " : "Every " + r.interval() + " months ")
                : r.interval() == 1 ? "" : r.interval() == 2 ? "Every other " : "Every " + r.interval() + " weeks ";
        String days = dayList(alike);
        String text = (often + days + times).trim();
        Optional<LocalDate> next = alike.stream().map(s -> s.next(today, d -> true)).flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
        if (next.isPresent() && (!r.everyWeek() || next.get().isAfter(today.plusDays(6)))) {
            text += ", next " + next.get().format(SHORT_DATE);
        }
        return text.isEmpty() ? "Ask for times" : text;
    }

    /** "Mon, Wed", in week order (none for a schedule by day of the month, whose next date says the rest). */
    static String dayList(List<Activity.Session> sessions) {
        return sessions.stream().map(Activity.Session::day).filter(Objects::nonNull).distinct().sorted()
                .map(Schedules::shortDay).collect(Collectors.joining(", "));
    }

    static String shortDay(DayOfWeek d) {
        return d.getDisplayName(TextStyle.SHORT, Locale.UK);
    }
}
