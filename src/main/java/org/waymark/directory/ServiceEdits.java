package org.waymark.directory;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

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

    record Skipped(int index, String reason) {
    }

    record ImportResult(int imported, List<String> ids, List<Skipped> skipped) {
    }

    /** Imports one service, a list of services or an ORUK paged list ({@code contents}). */
    ImportResult importJson(JsonNode body) {
        List<JsonNode> items = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(items::add);
        } else if (body.isObject() && body.path("contents").isArray()) {
            body.path("contents").forEach(items::add);
        } else {
            items.add(body);
        }
        List<String> ids = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            Optional<String> problem = OrukMapping.problem(item);
            if (problem.isPresent()) {
                skipped.add(new Skipped(i, problem.get()));
                continue;
            }
            ObjectNode service = (ObjectNode) item;
            if (!service.hasNonNull("last_modified")) {
                service.put("last_modified", now());
            }
            ids.add(store.save(service).id());
        }
        return new ImportResult(ids.size(), ids, skipped);
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

    ServiceForm formOf(ObjectNode s) {
        Activity a = OrukMapping.toActivity(s, geography);
        JsonNode location = OrukMapping.firstLocation(s);
        JsonNode schedule = s.path("schedules").path(0);
        List<String> days = new ArrayList<>();
        String byday = OrukMapping.text(schedule, "byday");
        if (byday != null) {
            for (String d : byday.split(",")) {
                String code = d.trim().replaceAll("^[+-]?[0-9]+", "");
                if (Availability.dayOf(code) != null) {
                    days.add(code.toUpperCase(Locale.ROOT));
                }
            }
        }
        LocalTime opens = OrukMapping.time(OrukMapping.text(schedule, "opens_at"));
        LocalTime closes = OrukMapping.time(OrukMapping.text(schedule, "closes_at"));
        return new ServiceForm(a.name(), a.organisation(), a.description(),
                OrukMapping.text(location.path("addresses").path(0), "address_1"), a.postcode(), days,
                opens == null ? "" : opens.toString(), closes == null ? "" : closes.toString(),
                a.free() ? "" : a.lowestCost().stripTrailingZeros().toPlainString(),
                OrukMapping.text(location.path("accessibility").path(0), "description"),
                String.join(", ", a.languages()), OrukMapping.text(s.path("contacts").path(0), "name"),
                a.needs().stream().sorted().map(Need::code).toList(), a.status());
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

        ObjectNode sal = firstOf(array(s, "service_at_locations"));
        ObjectNode location = object(sal, "location");
        idIfMissing(location);
        location.put("location_type", "physical");
        location.put("name", f.organisation().trim());
        String postcode = geography.normalise(f.postcode()).orElse(f.postcode().trim());
        ObjectNode address = firstOf(array(location, "addresses"));
        String oldPostcode = OrukMapping.text(address, "postal_code");
        address.put("address_1", ServiceForm.blank(f.address()) ? "" : f.address().trim());
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
        if (ServiceForm.blank(f.accessibility())) {
            access.removeAll();
        } else {
            firstOf(access).put("description", f.accessibility().trim());
        }

        ArrayNode schedules = array(s, "schedules");
        if (f.days().isEmpty()) {
            if (!schedules.isEmpty()) {
                schedules.remove(0);
            }
        } else {
            ObjectNode sch = firstOf(schedules);
            sch.put("freq", "WEEKLY");
            sch.put("interval", 1);
            sch.put("byday", String.join(",", f.days().stream().map(d -> d.toUpperCase(Locale.ROOT)).toList()));
            ServiceForm.time(f.opens()).ifPresent(t -> sch.put("opens_at", t.toString()));
            ServiceForm.time(f.closes()).ifPresentOrElse(t -> sch.put("closes_at", t.toString()),
                    () -> sch.remove("closes_at"));
        }

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
