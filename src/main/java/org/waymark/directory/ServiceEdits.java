package org.waymark.directory;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Every change to the directory: imports, the demo load, link worker edits, verification and closing. */
final class ServiceEdits {
    /** Demo-only field: days since the listing was checked, turned into {@code assured_date} on load. */
    static final String DAYS_SINCE_VERIFIED = "x_days_since_verified";

    private final ServiceStore store;
    private final PostcodeGeography geography;
    private final Freshness freshness;
    private final ObjectMapper json;

    ServiceEdits(ServiceStore store, PostcodeGeography geography, Freshness freshness, ObjectMapper json) {
        this.store = store;
        this.geography = geography;
        this.freshness = freshness;
        this.json = json;
    }

    /** One way an imported feed breaks ORUK's service.json, at its path in the document sent. */
    record ImportProblem(int index, String id, String path, String message) {
    }

    /**
     * A feed with at least one service that breaks ORUK's service.json (or Waymark's few rules on top): nothing of
     * it was stored.
     */
    static final class InvalidFeed extends RuntimeException {
        private final transient List<ImportProblem> problems;

        InvalidFeed(List<ImportProblem> problems) {
            super(problems.size() + (problems.size() == 1 ? " error" : " errors")
                    + " against Open Referral UK's service.json; nothing was imported");
            this.problems = List.copyOf(problems);
        }

        List<ImportProblem> problems() {
            return problems;
        }
    }

    /**
     * @param merged the ids of list-shaped entries (only the one-to-one fields a paged list gives) that were merged
     *               into a fuller stored record of the same id: their fields replaced the stored ones, everything
     *               else (schedules, places, costs, terms, ...) was kept
     */
    record ImportResult(int imported, List<String> ids, List<String> merged) {
    }

    /**
     * Imports one service, a list of services or an ORUK paged list ({@code contents}), all or nothing: every
     * service is checked against ORUK's service.json first, and one error anywhere stores nothing and throws
     * {@link InvalidFeed} with every error found. A list-shaped entry never overwrites a fuller stored record: it
     * is merged into it (see {@link ImportResult#merged}); a fully nested entry replaces the stored record, as the
     * feed's publisher has it now.
     */
    ImportResult importJson(JsonNode body) {
        List<JsonNode> items = new ArrayList<>();
        String at;
        if (body.isArray()) {
            body.forEach(items::add);
            at = "$";
        } else if (body.isObject() && body.path("contents").isArray()) {
            body.path("contents").forEach(items::add);
            at = "$.contents";
        } else {
            items.add(body);
            at = null;
        }
        List<ImportProblem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String prefix = at == null ? "$" : at + "[" + i + "]";
            String id = OrukMapping.text(item, "id");
            if (!item.isObject()) {
                problems.add(new ImportProblem(i, null, prefix, "a service must be a JSON object"));
                continue;
            }
            for (OrukSchemas.Problem p : OrukSchemas.serviceProblems(item)) {
                problems.add(new ImportProblem(i, id, prefix + p.path().substring(1), p.message()));
            }
            for (OrukSchemas.Problem p : Schedules.problems(item)) { // what the schema allows but no rule computes
                problems.add(new ImportProblem(i, id, prefix + p.path().substring(1), p.message()));
            }
            if (item.path("name").isString() && item.path("name").asString().isBlank()) {
                problems.add(new ImportProblem(i, id, prefix + ".name", "must not be blank"));
            }
            if (id != null && seen.putIfAbsent(id, i) != null) {
                problems.add(new ImportProblem(i, id, prefix + ".id", "the same id as the service at index "
                        + seen.get(id) + " of this feed"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFeed(problems);
        }
        List<ObjectNode> toSave = new ArrayList<>(items.size());
        List<String> merged = new ArrayList<>();
        for (JsonNode item : items) {
            ObjectNode service = (ObjectNode) item;
            boolean hasModified = service.hasNonNull("last_modified");
            if (listShaped(service)) {
                Optional<ObjectNode> stored = store.service(service.path("id").asString());
                if (stored.isPresent()) {
                    service = merge(stored.get(), service);
                    merged.add(service.path("id").asString());
                }
            }
            if (!hasModified) {
                service.put("last_modified", now());
            }
            toSave.add(service);
        }
        List<String> ids = store.saveAll(toSave).stream().map(Activity::id).toList();
        return new ImportResult(ids.size(), ids, merged);
    }

    /**
     * Whether a service has only the one-to-one fields of ORUK's service_list.json (as a paged list gives it):
     * none of the fields only a fully nested service has (schedules, service_at_locations, attributes, ...).
     */
    static boolean listShaped(ObjectNode service) {
        for (String f : service.propertyNames()) {
            if (!OrukSchemas.listFields().contains(f) && !f.startsWith("x_") && service.get(f).isContainer()) {
                return false;
            }
        }
        return true;
    }

    /** {@code into} with every field {@code from} has (objects field by field), the rest kept. */
    static ObjectNode merge(ObjectNode into, ObjectNode from) {
        for (String f : from.propertyNames()) {
            JsonNode v = from.get(f);
            if (v instanceof ObjectNode o && into.get(f) instanceof ObjectNode existing) {
                merge(existing, o);
            } else {
                into.set(f, v);
            }
        }
        return into;
    }

    /** Loads the demo file, dating each listing's last check relative to today. */
    int loadDemo(ArrayNode services) {
        int n = 0;
        for (JsonNode item : services) {
            ObjectNode s = (ObjectNode) item;
            int days = s.path(DAYS_SINCE_VERIFIED).asInt(30);
            s.remove(DAYS_SINCE_VERIFIED);
            s.put("assured_date", freshness.today().minusDays(days).toString());
            store.save(s);
            n++;
        }
        return n;
    }

    Optional<Activity> verify(String id) {
        return store.service(id).map(s -> {
            s.put("assured_date", freshness.today().toString());
            s.remove(OrukMapping.FLAGGED_NOT_RUNNING);
            s.put("last_modified", now());
            return store.save(s);
        });
    }

    Optional<Activity> setStatus(String id, String status) {
        if (!OrukMapping.STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown status " + status);
        }
        return store.service(id).map(s -> {
            s.put("status", status);
            s.put("last_modified", now());
            return store.save(s);
        });
    }

    /** Active listings past their check date, oldest check first: the link workers' re-check list. */
    List<Activity> stale() {
        return store.allCards().stream().filter(Activity::active).filter(a -> !freshness.isFresh(a.lastVerified()))
                .sorted(Comparator.comparing(Activity::lastVerified, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Activity::name))
                .toList();
    }

    /** Every service as ORUK JSON, without Waymark's own extension fields. */
    List<ObjectNode> export() {
        List<String> ids = new ArrayList<>(store.ids());
        ids.sort(null);
        List<ObjectNode> out = store.services(ids);
        out.forEach(ServiceEdits::stripExtensions);
        return out;
    }

    static ObjectNode stripExtensions(ObjectNode s) {
        new ArrayList<>(s.propertyNames()).stream().filter(k -> k.startsWith("x_")).forEach(s::remove);
        return s;
    }

    Activity create(ServiceForm form) {
        ObjectNode s = json.createObjectNode();
        s.put("id", UUID.randomUUID().toString());
        s.put("assured_date", freshness.today().toString());
        apply(form, s);
        return store.save(s);
    }

    Optional<Activity> update(String id, ServiceForm form) {
        return store.service(id).map(s -> {
            apply(form, s);
            return store.save(s);
        });
    }

    /** The form for a stored service: every place and time it has that the form can show, at least one of each. */
    ServiceForm formOf(ObjectNode s) {
        Activity a = OrukMapping.toActivity(s, geography);
        List<ServiceForm.Location> locations = new ArrayList<>();
        for (JsonNode sal : s.path("service_at_locations")) {
            if (!shown(sal)) {
                continue;
            }
            JsonNode location = sal.path("location");
            JsonNode address = location.path("addresses").path(0);
            String postcode = OrukMapping.text(address, "postal_code");
            locations.add(new ServiceForm.Location(OrukMapping.text(sal, "id"), OrukMapping.text(location, "name"),
                    OrukMapping.text(address, "address_1"),
                    postcode == null ? null : geography.normalise(postcode).orElse(postcode),
                    OrukMapping.text(location.path("accessibility").path(0), "description"), false));
        }
        if (locations.isEmpty()) {
            locations.add(ServiceForm.Location.empty());
        }
        List<ServiceForm.Schedule> schedules = new ArrayList<>();
        for (JsonNode schedule : s.path("schedules")) {
            schedules.addAll(rowsOf(schedule));
        }
        if (schedules.isEmpty()) {
            schedules.add(ServiceForm.Schedule.empty());
        }
        return new ServiceForm(a.name(), a.organisation(), a.description(), locations, schedules,
                a.free() ? "" : a.lowestCost().stripTrailingZeros().toPlainString(),
                String.join(", ", a.languages()), OrukMapping.text(s.path("contacts").path(0), "name"),
                a.needs().stream().sorted().map(Need::code).toList(), a.status(),
                OrukMapping.text(s.path("phones").path(0), "number"), OrukMapping.text(s, "email"),
                OrukMapping.text(s, "url"));
    }

    private static void putOrRemove(ObjectNode node, String field, String value) {
        if (value == null) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
    }

    /** How many of a service's places and times the form cannot show (kept as they are when it is saved). */
    record Unshown(int locations, int schedules) {
    }

    static Unshown unshown(ObjectNode s) {
        int locations = 0;
        for (JsonNode sal : s.path("service_at_locations")) {
            locations += shown(sal) ? 0 : 1;
        }
        int schedules = 0;
        for (JsonNode schedule : s.path("schedules")) {
            schedules += rowsOf(schedule).isEmpty() ? 1 : 0;
        }
        return new Unshown(locations, schedules);
    }

    /** A place the form shows: a physical or postal location given in full (not a virtual one, nor a bare id). */
    private static boolean shown(JsonNode sal) {
        JsonNode location = sal.path("location");
        return location.isObject() && !"virtual".equalsIgnoreCase(OrukMapping.text(location, "location_type"));
    }

    private static final Pattern DAY_CODE = Pattern.compile("^([+-]?[0-9]+)?([A-Za-z]{2})$");

    /**
     * The form's rows for one schedule: usually one; a monthly BYDAY whose days differ from week to week
     * ("1TU,3TH") becomes one row per set of days, which saves as as many schedules meaning the same. None when
     * the form cannot show it (no BYDAY, or weeks it does not offer such as "5TU"): it is then kept as it is.
     */
    static List<ServiceForm.Schedule> rowsOf(JsonNode schedule) {
        String byday = OrukMapping.text(schedule, "byday");
        if (byday == null || Schedules.recurrence(schedule).isEmpty()) {
            return List.of();
        }
        // beyond the form: other intervals, a count or an until, days of the month, two different first dates
        int interval = schedule.path("interval").asInt(1);
        String start = dateText(OrukMapping.text(schedule, "dtstart"));
        String validFrom = dateText(OrukMapping.text(schedule, "valid_from"));
        boolean fortnightly = interval == 2 && !ServiceForm.MONTHLY.equalsIgnoreCase(OrukMapping.text(schedule, "freq"));
        if (interval > 1 && !fortnightly || schedule.hasNonNull("count") || schedule.hasNonNull("until")
                || schedule.hasNonNull("bymonthday")
                || fortnightly && !start.isEmpty() && !validFrom.isEmpty() && !start.equals(validFrom)) {
            return List.of();
        }
        Map<String, Set<DayOfWeek>> daysByWeek = new LinkedHashMap<>();
        for (String part : byday.split(",")) {
            Matcher m = DAY_CODE.matcher(part.trim());
            if (!m.matches()) {
                continue;
            }
            DayOfWeek day = Availability.dayOf(m.group(2).toUpperCase(Locale.ROOT));
            if (day == null) {
                continue;
            }
            String week = m.group(1) == null ? "" : m.group(1).replace("+", "");
            if (!week.isEmpty() && !ServiceForm.WEEKS.contains(week)) {
                return List.of();
            }
            daysByWeek.computeIfAbsent(week, w -> EnumSet.noneOf(DayOfWeek.class)).add(day);
        }
        if (daysByWeek.isEmpty()) {
            return List.of();
        }
        boolean monthly = ServiceForm.MONTHLY.equalsIgnoreCase(OrukMapping.text(schedule, "freq"));
        Map<Set<DayOfWeek>, List<String>> weeksByDays = new LinkedHashMap<>();
        List<Set<DayOfWeek>> everyWeek = new ArrayList<>();
        for (String week : ServiceForm.WEEKS) {
            if (daysByWeek.containsKey(week)) {
                weeksByDays.computeIfAbsent(daysByWeek.get(week), d -> new ArrayList<>()).add(week);
            }
        }
        if (daysByWeek.containsKey("")) {
            everyWeek.add(daysByWeek.get(""));
        }
        LocalTime opens = OrukMapping.time(OrukMapping.text(schedule, "opens_at"));
        LocalTime closes = OrukMapping.time(OrukMapping.text(schedule, "closes_at"));
        String from = fortnightly && validFrom.isEmpty() ? start : validFrom;
        String to = dateText(OrukMapping.text(schedule, "valid_to"));
        List<ServiceForm.Schedule> rows = new ArrayList<>();
        for (Set<DayOfWeek> days : everyWeek) {
            rows.add(new ServiceForm.Schedule(null, codes(days), monthly ? ServiceForm.MONTHLY
                    : fortnightly ? ServiceForm.FORTNIGHTLY : ServiceForm.WEEKLY,
                    List.of(), text(opens), text(closes), from, to, false));
        }
        weeksByDays.forEach((days, weeks) -> rows.add(new ServiceForm.Schedule(null, codes(days),
                ServiceForm.MONTHLY, weeks, text(opens), text(closes), from, to, false)));
        // the first row is the schedule itself; any others are new schedules beside it
        ServiceForm.Schedule first = rows.get(0);
        rows.set(0, new ServiceForm.Schedule(OrukMapping.text(schedule, "id"), first.days(), first.freq(),
                first.weeks(), first.opens(), first.closes(), first.validFrom(), first.validTo(), false));
        return rows;
    }

    private static List<String> codes(Set<DayOfWeek> days) {
        return days.stream().sorted().map(Availability::codeOf).toList();
    }

    private static String text(LocalTime t) {
        return t == null ? "" : t.toString();
    }

    private static String dateText(String text) {
        LocalDate d = OrukMapping.date(text);
        return d == null ? "" : d.toString();
    }

    /** Writes the form into the ORUK tree, keeping everything the form does not show. */
    private void apply(ServiceForm f, ObjectNode s) {
        s.put("name", f.name().trim());
        s.put("description", ServiceForm.blank(f.description()) ? "" : f.description().trim());
        s.put("status", f.status());
        s.put("last_modified", now());

        ObjectNode org = object(s, "organization");
        idIfMissing(org);
        org.put("name", f.organisation().trim());
        if (!org.hasNonNull("description")) {
            org.put("description", "");
        }

        applyLocations(f, s);
        applySchedules(f, s);

        BigDecimal amount = f.amount().orElse(BigDecimal.ZERO);
        ArrayNode costs = array(s, "cost_options");
        ObjectNode cost = firstOf(costs);
        while (costs.size() > 1) {
            costs.remove(1);
        }
        cost.put("option", amount.signum() == 0 ? "Free" : "Per session");
        cost.put("amount", amount);
        s.put("fees", amount.signum() == 0 ? "Free" : "£" + amount.stripTrailingZeros().toPlainString()
                + " a session");

        ArrayNode languages = array(s, "languages");
        languages.removeAll();
        if (!ServiceForm.blank(f.languages())) {
            for (String l : f.languages().split(",")) {
                if (!l.isBlank()) {
                    ObjectNode lang = languages.addObject();
                    lang.put("id", UUID.randomUUID().toString());
                    lang.put("name", l.trim());
                }
            }
        }

        ArrayNode contacts = array(s, "contacts");
        if (ServiceForm.blank(f.contact())) {
            contacts.removeAll();
        } else {
            firstOf(contacts).put("name", f.contact().trim());
        }
        // ORUK: the service's own phone, email and website
        ArrayNode phones = array(s, "phones");
        String phone = ServiceForm.cleanPhone(f.phone());
        if (phone == null) {
            phones.removeAll();
        } else {
            ObjectNode first = firstOf(phones);
            if (!first.has("id")) {
                first.put("id", UUID.randomUUID().toString());
            }
            first.put("number", phone);
        }
        putOrRemove(s, "email", ServiceForm.blank(f.email()) ? null : f.email().strip());
        putOrRemove(s, "url", ServiceForm.cleanWebsite(f.website()));

        ArrayNode attributes = array(s, "attributes");
        for (int i = attributes.size() - 1; i >= 0; i--) {
            JsonNode term = attributes.get(i).path("taxonomy_term");
            if (OrukMapping.NEEDS_TAXONOMY.equals(OrukMapping.text(term, "taxonomy"))
                    || OrukMapping.needOfTerm(OrukMapping.text(term, "id")).isPresent()) {
                attributes.remove(i);
            }
        }
        for (String code : f.needs()) {
            Need.fromCode(code).ifPresent(n -> attributes.add(needAttribute(n)));
        }
    }

    /** The places in the form's order (the first is the one matching measures from), then any it does not show. */
    private void applyLocations(ServiceForm f, ObjectNode s) {
        Map<String, ObjectNode> known = new HashMap<>();
        List<JsonNode> unshown = new ArrayList<>();
        for (JsonNode sal : array(s, "service_at_locations")) {
            if (sal instanceof ObjectNode o && shown(o) && o.hasNonNull("id")) {
                known.putIfAbsent(o.path("id").asString(), o);
            } else if (!shown(sal)) {
                unshown.add(sal);
            }
        }
        ArrayNode rebuilt = json.createArrayNode();
        for (ServiceForm.Location row : f.keptLocations()) {
            ObjectNode sal = row.id() == null ? null : known.remove(row.id());
            if (sal == null) {
                sal = json.createObjectNode();
                sal.put("id", UUID.randomUUID().toString());
            }
            applyLocation(f, row, object(sal, "location"));
            rebuilt.add(sal);
        }
        unshown.forEach(rebuilt::add);
        s.set("service_at_locations", rebuilt);
    }

    private void applyLocation(ServiceForm f, ServiceForm.Location row, ObjectNode location) {
        idIfMissing(location);
        location.put("location_type", "physical");
        location.put("name", ServiceForm.blank(row.name()) ? f.organisation().trim() : row.name().trim());
        String postcode = geography.normalise(row.postcode()).orElse(row.postcode().trim());
        ObjectNode address = firstOf(array(location, "addresses"));
        String oldPostcode = OrukMapping.text(address, "postal_code");
        address.put("address_1", ServiceForm.blank(row.address()) ? "" : row.address().trim());
        if (!address.hasNonNull("city")) {
            address.put("city", "London");
        }
        if (!address.hasNonNull("state_province")) {
            address.put("state_province", "Greater London");
        }
        address.put("postal_code", postcode);
        address.put("country", "GB");
        address.put("address_type", "physical");
        if (!postcode.equals(oldPostcode) || !location.path("latitude").isNumber()) {
            // a new postcode moves the pin to its district centre until someone gives exact coordinates
            geography.locate(postcode).ifPresent(p -> {
                location.put("latitude", p.lat());
                location.put("longitude", p.lon());
            });
        }
        ArrayNode access = array(location, "accessibility");
        if (ServiceForm.blank(row.accessibility())) {
            access.removeAll();
        } else {
            firstOf(access).put("description", row.accessibility().trim());
        }
    }

    /** The times in the form's order, then any schedules it cannot show, kept as they were. */
    private void applySchedules(ServiceForm f, ObjectNode s) {
        Map<String, ObjectNode> known = new HashMap<>();
        List<JsonNode> unshown = new ArrayList<>();
        for (JsonNode schedule : array(s, "schedules")) {
            if (rowsOf(schedule).isEmpty()) {
                unshown.add(schedule);
            } else if (schedule instanceof ObjectNode o && o.hasNonNull("id")) {
                known.putIfAbsent(o.path("id").asString(), o);
            }
        }
        ArrayNode rebuilt = json.createArrayNode();
        for (ServiceForm.Schedule row : f.keptSchedules()) {
            ObjectNode schedule = row.id() == null ? null : known.remove(row.id());
            boolean changed = schedule == null;
            if (schedule == null) {
                schedule = json.createObjectNode();
                schedule.put("id", UUID.randomUUID().toString());
                schedule.put("interval", 1);
            }
            String freq = row.monthly() ? ServiceForm.MONTHLY : ServiceForm.WEEKLY;
            String byday = row.byday();
            Optional<LocalTime> opens = ServiceForm.time(row.opens());
            Optional<LocalTime> closes = ServiceForm.time(row.closes());
            changed |= !freq.equalsIgnoreCase(String.valueOf(OrukMapping.text(schedule, "freq")))
                    || row.interval() != schedule.path("interval").asInt(1)
                    || !byday.equals(OrukMapping.text(schedule, "byday"))
                    || !Objects.equals(opens.orElse(null), OrukMapping.time(OrukMapping.text(schedule, "opens_at")))
                    || !Objects.equals(closes.orElse(null),
                    OrukMapping.time(OrukMapping.text(schedule, "closes_at")));
            schedule.put("freq", freq);
            schedule.put("byday", byday);
            schedule.put("interval", row.interval());
            if (row.interval() > 1) { // counted from its first date, as RFC 5545 counts from DTSTART
                putOrRemove(schedule, "dtstart", ServiceForm.date(row.validFrom()).map(LocalDate::toString));
            }
            putOrRemove(schedule, "opens_at", opens.map(LocalTime::toString));
            putOrRemove(schedule, "closes_at", closes.map(LocalTime::toString));
            putOrRemove(schedule, "valid_from", ServiceForm.date(row.validFrom()).map(LocalDate::toString));
            putOrRemove(schedule, "valid_to", ServiceForm.date(row.validTo()).map(LocalDate::toString));
            if (changed || !schedule.hasNonNull("description")) {
                schedule.put("description", describe(row, opens, closes));
            }
            rebuilt.add(schedule);
        }
        unshown.forEach(rebuilt::add);
        s.set("schedules", rebuilt);
    }

    private static void putOrRemove(ObjectNode node, String field, Optional<String> value) {
        value.ifPresentOrElse(v -> node.put(field, v), () -> node.remove(field));
    }

    /** "Every Tuesday and Thursday, 10:00 to 12:00", "The first and last Friday of the month, 14:00". */
    static String describe(ServiceForm.Schedule row, Optional<LocalTime> opens, Optional<LocalTime> closes) {
        List<String> days = row.days().stream().map(d -> Availability.dayOf(d.toUpperCase(Locale.ROOT)))
                .filter(Objects::nonNull).distinct().sorted()
                .map(d -> d.getDisplayName(TextStyle.FULL, Locale.UK)).toList();
        String when;
        if (row.monthly() && !row.weeks().isEmpty()) {
            List<String> weeks = ServiceForm.WEEKS.stream().filter(row.weeks()::contains)
                    .map(w -> switch (w) {
                        case "1" -> "first";
                        case "2" -> "second";
                        case "3" -> "third";
                        case "4" -> "fourth";
                        default -> "last";
                    }).toList();
            when = "The " + and(weeks) + " " + and(days) + " of the month";
        } else {
            when = (row.interval() == 2 ? "Every other " : "Every ") + and(days)
                    + (row.monthly() ? " of the month" : "");
        }
        String times = opens.map(o -> ", " + o + closes.map(c -> " to " + c).orElse("")).orElse("");
        return when + times;
    }

    private static String and(List<String> words) {
        if (words.size() <= 1) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }

    private ObjectNode needAttribute(Need n) {
        ObjectNode attribute = json.createObjectNode();
        attribute.put("id", UUID.randomUUID().toString());
        ObjectNode term = attribute.putObject("taxonomy_term");
        term.put("id", OrukMapping.termId(n));
        term.put("name", n.code());
        term.put("description", n.plainWords());
        term.put("taxonomy", OrukMapping.NEEDS_TAXONOMY);
        term.put("term", n.code());
        return attribute;
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode v = parent.get(field);
        return v instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field) {
        JsonNode v = parent.get(field);
        return v instanceof ArrayNode a ? a : parent.putArray(field);
    }

    private static ObjectNode firstOf(ArrayNode array) {
        if (!array.isEmpty() && array.get(0) instanceof ObjectNode o) {
            return o;
        }
        ObjectNode o = array.insertObject(0);
        o.put("id", UUID.randomUUID().toString());
        return o;
    }

    private static void idIfMissing(ObjectNode node) {
        if (!node.hasNonNull("id")) {
            node.put("id", UUID.randomUUID().toString());
        }
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now(freshness.clock()).truncatedTo(ChronoUnit.MILLIS));
    }
}
