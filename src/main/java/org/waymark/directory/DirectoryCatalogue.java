package org.waymark.directory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.waymark.taxonomy.Need;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the Open Referral UK API lists beside services, read from the stored services: the taxonomy terms (Waymark's
 * twelve needs always, and every term a stored service carries), the taxonomies they come from, and every
 * service_at_location. Each node keeps its own copy, true to Redis as {@link DirectoryIndex} keeps the cards: one
 * read of the directory's version per request and, when it has moved, the services changed since read again (or
 * all of them when this node is further behind than Redis's list of changes, or Redis holds another history).
 */
final class DirectoryCatalogue {
    /** Past this many changed services, reading them all again is about as cheap. */
    static final int MAX_CHANGES_READ = 2_000;
    private static final int READ_BATCH = 500;
    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    /** Descriptions of Waymark's own taxonomies; a taxonomy named only in an imported service gets a plain one. */
    private static final Map<String, String> OWN_TAXONOMIES = Map.of(
            OrukMapping.NEEDS_TAXONOMY, "Waymark's twelve social prescribing needs: what an activity helps with",
            Eligibility.TAXONOMY, "Who a group is for when it is not open to everyone: women, men, carers, "
                    + "families or young people");

    private final ServiceStore store;
    private final PostcodeGeography geography;
    private final ObjectMapper json;
    private final Object refreshLock = new Object();
    private volatile Snapshot current;

    DirectoryCatalogue(ServiceStore store, PostcodeGeography geography, ObjectMapper json) {
        this.store = store;
        this.geography = geography;
        this.json = json;
    }

    /** The stable id of a taxonomy known only by its name (ORUK's free-text {@code taxonomy} of a term). */
    static String taxonomyId(String name) {
        return UUID.nameUUIDFromBytes(("waymark-taxonomy:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static boolean uuid(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }

    /**
     * One service at one location, as the list of service_at_locations shows it: its id, the service's, and the
     * location's one-to-one fields; {@code lat}, {@code lon} place it (the location's, else its postcode's).
     */
    record Place(String id, String serviceId, String locationId, ObjectNode location, Double lat, Double lon) {
        boolean located() {
            return lat != null && lon != null;
        }
    }

    /** What one service adds: its terms (each with the id of its taxonomy) and its places. */
    private record Entry(List<ObjectNode> terms, List<Place> places) {
    }

    /** The catalogue at one version of the directory. Never changed once built. */
    static final class Snapshot {
        private final ServiceStore.Version version;
        private final Map<String, Entry> byService;
        private final List<ObjectNode> taxonomies;
        private final Map<String, ObjectNode> taxonomyById = new HashMap<>();
        private final List<ObjectNode> terms;
        private final Map<String, ObjectNode> termById = new HashMap<>();
        private final Map<String, Set<String>> termIdsByTaxonomy = new HashMap<>();
        private final List<Place> places = new ArrayList<>();
        private final Map<String, Place> placeById = new HashMap<>();

        private Snapshot(ServiceStore.Version version, Map<String, Entry> byService, ObjectMapper json) {
            this.version = version;
            this.byService = byService;
            Map<String, ObjectNode> taxonomy = new LinkedHashMap<>();
            for (Need n : EnumSet.allOf(Need.class)) {
                add(needTerm(n, json), taxonomy, json);
            }
            List<String> ids = new ArrayList<>(byService.keySet());
            ids.sort(null);
            for (String id : ids) {
                Entry e = byService.get(id);
                e.terms().forEach(t -> add(t, taxonomy, json));
                for (Place p : e.places()) {
                    places.add(p);
                    placeById.putIfAbsent(p.id(), p);
                }
            }
            Comparator<ObjectNode> byName = Comparator.comparing((ObjectNode o) -> o.path("name").asString(""),
                    String.CASE_INSENSITIVE_ORDER).thenComparing(o -> o.path("id").asString());
            this.taxonomies = taxonomy.values().stream().sorted(byName).toList();
            this.taxonomies.forEach(t -> taxonomyById.put(t.path("id").asString(), t));
            Map<String, String> taxonomyNames = new HashMap<>();
            taxonomies.forEach(t -> taxonomyNames.put(t.path("id").asString(), t.path("name").asString()));
            this.terms = termById.values().stream().sorted(Comparator.comparing((ObjectNode t) ->
                            taxonomyNames.getOrDefault(t.path("taxonomy_id").asString(""), "~"),
                    String.CASE_INSENSITIVE_ORDER).thenComparing(byName)).toList();
        }

        /** The term (first seen wins) and its taxonomy, made up from the term's own words when it is new. */
        private void add(ObjectNode term, Map<String, ObjectNode> taxonomy, ObjectMapper json) {
            String id = term.path("id").asString();
            if (termById.putIfAbsent(id, term) != null) {
                return;
            }
            String taxonomyId = OrukMapping.text(term, "taxonomy_id");
            if (taxonomyId == null) {
                return;
            }
            termIdsByTaxonomy.computeIfAbsent(taxonomyId, k -> new LinkedHashSet<>()).add(id);
            taxonomy.computeIfAbsent(taxonomyId, k -> {
                String name = Optional.ofNullable(OrukMapping.text(term, "taxonomy")).orElse("taxonomy " + k);
                ObjectNode t = json.createObjectNode();
                t.put("id", k);
                t.put("name", name);
                t.put("description", OWN_TAXONOMIES.getOrDefault(name,
                        "A taxonomy the directory's imported services take terms from"));
                if (absoluteUri(name)) {
                    t.put("uri", name);
                }
                return t;
            });
        }

        ServiceStore.Version version() {
            return version;
        }

        /** Every taxonomy, by name. */
        List<ObjectNode> taxonomies() {
            return taxonomies;
        }

        Optional<ObjectNode> taxonomy(String id) {
            return Optional.ofNullable(taxonomyById.get(id));
        }

        /** Every term, by its taxonomy's name and then its own. */
        List<ObjectNode> terms() {
            return terms;
        }

        Optional<ObjectNode> term(String id) {
            return Optional.ofNullable(termById.get(id));
        }

        /** The ids of the terms of one taxonomy (none for an unknown one). */
        Set<String> termIdsOf(String taxonomyId) {
            return termIdsByTaxonomy.getOrDefault(taxonomyId, Set.of());
        }

        /** Terms of one taxonomy, in {@link #terms()} order. */
        List<ObjectNode> termsOf(String taxonomyId) {
            return terms.stream().filter(t -> taxonomyId.equals(t.path("taxonomy_id").asString(""))).toList();
        }

        /** Every place of every stored service (whatever its status), by service id. */
        List<Place> places() {
            return places;
        }

        Optional<Place> place(String id) {
            return Optional.ofNullable(placeById.get(id));
        }
    }

    /** The catalogue as it is in Redis now. */
    Snapshot current() {
        Snapshot s = current;
        if (s != null && s.version().equals(store.version())) {
            return s;
        }
        synchronized (refreshLock) {
            Snapshot latest = current;
            Snapshot next = latest == null ? null : catchUp(latest);
            if (next == null) {
                next = readAll();
            }
            current = next;
            return next;
        }
    }

    private Snapshot readAll() {
        ServiceStore.Version version = store.version(); // read first: a change made meanwhile is read again later
        List<String> ids = new ArrayList<>(store.ids());
        Map<String, Entry> byService = new HashMap<>(Math.max(16, ids.size() * 4 / 3 + 1));
        for (int from = 0; from < ids.size(); from += READ_BATCH) {
            for (ObjectNode s : store.services(ids.subList(from, Math.min(ids.size(), from + READ_BATCH)))) {
                byService.put(s.path("id").asString(), entry(s));
            }
        }
        return new Snapshot(version, byService, json);
    }

    /** The snapshot with the services changed since read again, or null when all must be read. */
    private Snapshot catchUp(Snapshot s) {
        long since = s.version().version();
        ServiceStore.Changes changes = store.changesSince(since);
        ServiceStore.Version now = changes.now();
        if (!Objects.equals(now.epoch(), s.version().epoch()) || now.version() < since || changes.floor() > since
                || changes.ids().size() > MAX_CHANGES_READ) {
            return null;
        }
        if (now.version() == since) {
            return s;
        }
        Map<String, Entry> byService = new HashMap<>(s.byService);
        changes.ids().forEach(byService::remove);
        for (ObjectNode service : store.services(changes.ids())) {
            byService.put(service.path("id").asString(), entry(service));
        }
        return new Snapshot(now, byService, json);
    }

    private Entry entry(ObjectNode s) {
        List<ObjectNode> terms = new ArrayList<>();
        for (JsonNode a : s.path("attributes")) {
            if (a.path("taxonomy_term") instanceof ObjectNode t && termOk(t)) {
                Optional<Need> need = OrukMapping.needOfTerm(t.path("id").asString());
                terms.add(need.isPresent() ? needTerm(need.get(), json) : withTaxonomyId(t.deepCopy()));
            }
        }
        String serviceId = s.path("id").asString();
        List<Place> places = new ArrayList<>();
        for (JsonNode sal : s.path("service_at_locations")) {
            String id = OrukMapping.text(sal, "id");
            if (!uuid(id)) {
                continue; // ORUK requires an id, and without one it cannot be asked for
            }
            JsonNode location = sal.path("location");
            ObjectNode oneToOne = null;
            if (location.isObject()) {
                oneToOne = json.createObjectNode();
                for (String field : OrukSchemas.locationFields()) {
                    JsonNode v = location.get(field);
                    if (v != null && !v.isNull() && !v.isContainer()) {
                        oneToOne.set(field, v);
                    }
                }
            }
            String locationId = Optional.ofNullable(OrukMapping.text(sal, "location_id"))
                    .orElse(OrukMapping.text(location, "id"));
            places.add(place(id, serviceId, uuid(locationId) ? locationId : null, location, oneToOne));
        }
        return new Entry(terms, places);
    }

    private Place place(String id, String serviceId, String locationId, JsonNode location, ObjectNode oneToOne) {
        JsonNode lat = location.path("latitude");
        JsonNode lon = location.path("longitude");
        if (lat.isNumber() && lon.isNumber() && PostcodeGeography.Point.valid(lat.asDouble(), lon.asDouble())) {
            return new Place(id, serviceId, locationId, oneToOne, lat.asDouble(), lon.asDouble());
        }
        String postcode = OrukMapping.text(location.path("addresses").path(0), "postal_code");
        Optional<PostcodeGeography.Point> p = postcode == null ? Optional.empty() : geography.locate(postcode);
        return new Place(id, serviceId, locationId, oneToOne, p.map(PostcodeGeography.Point::lat).orElse(null),
                p.map(PostcodeGeography.Point::lon).orElse(null));
    }

    /** Only a term ORUK's taxonomy_term.json allows: a UUID id, a name and a description. */
    private static boolean termOk(ObjectNode t) {
        return uuid(OrukMapping.text(t, "id")) && t.path("name").isString() && t.path("description").isString();
    }

    /** A term with the id of its taxonomy: its own when it gives one, else made from its taxonomy's name. */
    private static ObjectNode withTaxonomyId(ObjectNode t) {
        if (!uuid(OrukMapping.text(t, "taxonomy_id"))) {
            t.remove("taxonomy_id");
            String name = OrukMapping.text(t, "taxonomy");
            if (name != null && !name.isBlank()) {
                t.put("taxonomy_id", taxonomyId(name.trim()));
            }
        }
        return t;
    }

    /** Waymark's own term for a need, the same in every deployment and whatever a service's copy says. */
    static ObjectNode needTerm(Need n, ObjectMapper json) {
        ObjectNode term = json.createObjectNode();
        term.put("id", OrukMapping.termId(n));
        term.put("name", n.code());
        term.put("description", n.plainWords());
        term.put("taxonomy", OrukMapping.NEEDS_TAXONOMY);
        term.put("taxonomy_id", taxonomyId(OrukMapping.NEEDS_TAXONOMY));
        term.put("term", n.code());
        return term;
    }

    private static boolean absoluteUri(String text) {
        try {
            URI u = URI.create(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
