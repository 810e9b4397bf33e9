package org.waymark.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.waymark.taxonomy.Need;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The directory as the Open Referral UK 3.0 API at level 1 (ORUK's openapi.json), public for reading: the API's
 * profile and version, services (a paged list of their one-to-one fields, and one fully nested), taxonomies,
 * taxonomy terms and services at locations. The lists hold only what a patient may be offered (active services
 * checked within the freshness window); one asked for by id is shown whatever its status. Waymark's own extras:
 * {@code postcode}, {@code proximity} and {@code need} on /services too, and {@code need} on
 * /service_at_locations.
 */
@RestController
@RequestMapping("/api/directory")
class OrukApi {
    /** ORUK's own statement of this API, as openapi.json's info gives its version. */
    static final String VERSION = "3.0";
    static final String PROFILE = "https://github.com/openreferral/uk-profile";
    static final String OPENAPI = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json";

    private final ServiceStore store;
    private final DirectoryIndex index;
    private final DirectoryCatalogue catalogue;
    private final PostcodeGeography geography;
    private final Freshness freshness;
    private final ObjectMapper json;

    OrukApi(ServiceStore store, DirectoryIndex index, DirectoryCatalogue catalogue, PostcodeGeography geography,
            Freshness freshness, ObjectMapper json) {
        this.store = store;
        this.index = index;
        this.catalogue = catalogue;
        this.geography = geography;
        this.freshness = freshness;
        this.json = json;
    }

    /**
     * ORUK's paged list: {@code size} is how many items this page holds; {@code empty} whether it holds none.
     */
    record Page(int total_items, int total_pages, int page_number, int size, boolean first_page,
                boolean last_page, boolean empty, List<ObjectNode> contents) {
    }

    record About(String version, String profile, String openapi_url) {
    }

    @GetMapping("/")
    About about(@RequestParam MultiValueMap<String, String> params) {
        OrukQuery.parse("/", params, List.of());
        return new About(VERSION, PROFILE, OPENAPI);
    }

    @GetMapping("/services")
    Page services(@RequestParam MultiValueMap<String, String> params) {
        OrukQuery q = OrukQuery.parse("/services", params, OrukQuery.SERVICES);
        Predicate<Activity> filter = filter(q, catalogue.current());
        List<Activity> cards = index.current().cards();
        Map<String, Double> km = new HashMap<>();
        Optional<PostcodeGeography.Point> origin = origin(q);
        origin.ifPresent(o -> cards.stream().filter(Activity::located).forEach(a -> km.put(a.id(),
                o.kmTo(new PostcodeGeography.Point(a.lat(), a.lon())))));
        if (q.proximity() != null) {
            double within = q.proximity() / 1000.0;
            filter = filter.and(a -> km.getOrDefault(a.id(), Double.MAX_VALUE) <= within);
        }
        Comparator<Activity> order = origin.isEmpty()
                ? Comparator.comparing(Activity::name, String.CASE_INSENSITIVE_ORDER)
                : Comparator.comparing(a -> km.getOrDefault(a.id(), Double.MAX_VALUE));
        List<String> ids = cards.stream().filter(filter).sorted(order.thenComparing(Activity::id))
                .map(Activity::id).toList();
        return page(ids, q, this::listServices);
    }

    @GetMapping("/services/{id}")
    ObjectNode service(@PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        OrukQuery.parse("/services/{id}", params, List.of());
        return store.service(id).map(ServiceEdits::stripExtensions)
                .orElseThrow(() -> notFound("No service with id " + id));
    }

    @GetMapping("/taxonomies")
    Page taxonomies(@RequestParam MultiValueMap<String, String> params) {
        OrukQuery q = OrukQuery.parse("/taxonomies", params, OrukQuery.PAGING);
        return page(catalogue.current().taxonomies(), q, l -> l.stream().map(ObjectNode::deepCopy).toList());
    }

    /** One taxonomy with its terms. */
    @GetMapping("/taxonomies/{id}")
    ObjectNode taxonomy(@PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        OrukQuery.parse("/taxonomies/{id}", params, List.of());
        DirectoryCatalogue.Snapshot c = catalogue.current();
        ObjectNode t = c.taxonomy(id).orElseThrow(() -> notFound("No taxonomy with id " + id)).deepCopy();
        ArrayNode terms = t.putArray("taxonomy_terms");
        c.termsOf(id).forEach(term -> terms.add(term.deepCopy()));
        return t;
    }

    @GetMapping("/taxonomy_terms")
    Page taxonomyTerms(@RequestParam MultiValueMap<String, String> params) {
        OrukQuery q = OrukQuery.parse("/taxonomy_terms", params, OrukQuery.PAGING);
        return page(catalogue.current().terms(), q, l -> l.stream().map(ObjectNode::deepCopy).toList());
    }

    @GetMapping("/taxonomy_terms/{id}")
    ObjectNode taxonomyTerm(@PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        OrukQuery.parse("/taxonomy_terms/{id}", params, List.of());
        return catalogue.current().term(id).orElseThrow(() -> notFound("No taxonomy term with id " + id)).deepCopy();
    }

    @GetMapping("/service_at_locations")
    Page serviceAtLocations(@RequestParam MultiValueMap<String, String> params) {
        OrukQuery q = OrukQuery.parse("/service_at_locations", params, OrukQuery.SERVICE_AT_LOCATIONS);
        DirectoryCatalogue.Snapshot c = catalogue.current();
        Predicate<Activity> filter = filter(q, c);
        Map<String, Activity> cards = new HashMap<>();
        index.current().cards().forEach(a -> cards.put(a.id(), a));
        Optional<PostcodeGeography.Point> origin = origin(q);
        Map<String, Double> km = new HashMap<>();
        List<DirectoryCatalogue.Place> matched = new ArrayList<>();
        for (DirectoryCatalogue.Place p : c.places()) {
            Activity a = cards.get(p.serviceId());
            if (a == null || !filter.test(a)) {
                continue;
            }
            if (origin.isPresent()) {
                double d = p.located() ? origin.get().kmTo(new PostcodeGeography.Point(p.lat(), p.lon()))
                        : Double.MAX_VALUE;
                if (q.proximity() != null && d > q.proximity() / 1000.0) {
                    continue;
                }
                km.put(p.id(), d);
            }
            matched.add(p);
        }
        Comparator<DirectoryCatalogue.Place> order = origin.isPresent()
                ? Comparator.comparing(p -> km.get(p.id()))
                : Comparator.comparing(p -> cards.get(p.serviceId()).name(), String.CASE_INSENSITIVE_ORDER);
        matched.sort(order.thenComparing(DirectoryCatalogue.Place::serviceId)
                .thenComparing(DirectoryCatalogue.Place::id));
        return page(matched, q, this::listPlaces);
    }

    /**
     * One service at one location. ORUK's openapi.json answers this path with compiled/service.json, so it is the
     * fully nested service with only this service_at_location, and only the schedules not tied to another one.
     */
    @GetMapping("/service_at_locations/{id}")
    ObjectNode serviceAtLocation(@PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        OrukQuery.parse("/service_at_locations/{id}", params, List.of());
        DirectoryCatalogue.Place place = catalogue.current().place(id)
                .orElseThrow(() -> notFound("No service_at_location with id " + id));
        ObjectNode s = store.service(place.serviceId()).map(ServiceEdits::stripExtensions)
                .orElseThrow(() -> notFound("No service_at_location with id " + id));
        ArrayNode only = json.createArrayNode();
        for (JsonNode sal : s.path("service_at_locations")) {
            if (id.equals(OrukMapping.text(sal, "id"))) {
                only.add(sal);
                break;
            }
        }
        s.set("service_at_locations", only);
        if (s.path("schedules").isArray()) {
            ArrayNode schedules = json.createArrayNode();
            for (JsonNode schedule : s.path("schedules")) {
                String at = OrukMapping.text(schedule, "service_at_location_id");
                if (at == null || at.equals(id)) {
                    schedules.add(schedule);
                }
            }
            s.set("schedules", schedules);
        }
        return s;
    }

    /** What a patient may be offered that passes every filter given, the place aside. */
    private Predicate<Activity> filter(OrukQuery q, DirectoryCatalogue.Snapshot c) {
        Predicate<Activity> filter = a -> a.active() && freshness.isFresh(a.lastVerified());
        if (q.need() != null) {
            filter = filter.and(a -> a.needs().contains(q.need()));
        }
        if (q.taxonomyTermId() != null) {
            String term = q.taxonomyTermId();
            Optional<Need> n = OrukMapping.needOfTerm(term);
            filter = filter.and(a -> n.map(a.needs()::contains).orElse(false) || a.termIds().contains(term));
        }
        if (q.taxonomyId() != null) {
            Set<String> terms = c.termIdsOf(q.taxonomyId());
            // a need read from a service's words is a term of Waymark's needs taxonomy as much as a given one
            boolean needs = q.taxonomyId().equals(DirectoryCatalogue.taxonomyId(OrukMapping.NEEDS_TAXONOMY));
            filter = filter.and(a -> (needs && !a.needs().isEmpty()) || a.termIds().stream().anyMatch(terms::contains));
        }
        if (q.minimumAge() != null) {
            double at = q.minimumAge();
            filter = filter.and(a -> (a.eligibility().minimumAge() == null ? 0 : a.eligibility().minimumAge()) >= at);
        }
        if (q.maximumAge() != null) {
            double at = q.maximumAge();
            filter = filter.and(a -> a.eligibility().maximumAge() != null && a.eligibility().maximumAge() <= at);
        }
        if (q.onSessions()) {
            // a session that really meets (on that day, when one is given) within the coming weeks
            filter = filter.and(a -> a.sessions().stream().anyMatch(s ->
                    (q.startTime() == null || s.opens() != null && !s.opens().isBefore(q.startTime()))
                    && (q.endTime() == null || s.closes() != null && !s.closes().isAfter(q.endTime()))
                    && s.next(freshness.today(), d -> q.day() == null || d.getDayOfWeek() == q.day()).isPresent()));
        }
        if (q.search() != null) {
            String[] words = q.search().toLowerCase(Locale.ROOT).split("\\s+");
            filter = filter.and(a -> {
                String text = (a.name() + " " + a.description() + " " + a.organisation()).toLowerCase(Locale.ROOT);
                for (String w : words) {
                    if (!text.contains(w)) {
                        return false;
                    }
                }
                return true;
            });
        }
        return filter;
    }

    private Optional<PostcodeGeography.Point> origin(OrukQuery q) {
        if (q.postcode() == null) {
            return Optional.empty();
        }
        return Optional.of(geography.locate(q.postcode())
                .orElseThrow(() -> OrukQuery.bad("Unknown postcode '" + q.postcode() + "'")));
    }

    private static <T> Page page(List<T> all, OrukQuery q, Function<List<T>, List<ObjectNode>> render) {
        int total = all.size();
        int pages = Math.max(1, (total + q.perPage() - 1) / q.perPage());
        int from = (int) Math.min(total, (long) (q.page() - 1) * q.perPage());
        List<ObjectNode> contents = render.apply(all.subList(from, Math.min(total, from + q.perPage())));
        return new Page(total, pages, q.page(), contents.size(), q.page() == 1, q.page() >= pages,
                contents.isEmpty(), contents);
    }

    /** Services as a list shows them: the one-to-one fields of service_list.json, in the order asked. */
    private List<ObjectNode> listServices(List<String> ids) {
        List<ObjectNode> out = new ArrayList<>(ids.size());
        for (ObjectNode s : store.services(ids)) {
            out.add(listShape(s));
        }
        return out;
    }

    private ObjectNode listShape(ObjectNode s) {
        ObjectNode out = json.createObjectNode();
        for (String f : OrukSchemas.listFields()) {
            JsonNode v = s.get(f);
            if (v == null || v.isNull()) {
                continue;
            }
            if (f.equals("organization")) {
                if (v.isObject()) {
                    ObjectNode org = out.putObject(f);
                    for (String o : OrukSchemas.listOrganizationFields()) {
                        JsonNode ov = v.get(o);
                        if (ov != null && !ov.isNull() && !ov.isContainer()) {
                            org.set(o, ov);
                        }
                    }
                }
            } else if (!v.isContainer()) {
                out.set(f, v);
            }
        }
        return out;
    }

    /** Services at locations as a list shows them: ids, the location's one-to-one fields, the service's. */
    private List<ObjectNode> listPlaces(List<DirectoryCatalogue.Place> places) {
        List<String> ids = places.stream().map(DirectoryCatalogue.Place::serviceId).distinct().toList();
        Map<String, ObjectNode> services = new LinkedHashMap<>();
        store.services(ids).forEach(s -> services.put(s.path("id").asString(), listShape(s)));
        List<ObjectNode> out = new ArrayList<>(places.size());
        for (DirectoryCatalogue.Place p : places) {
            ObjectNode service = services.get(p.serviceId());
            if (service == null) {
                continue; // deleted since the list was made
            }
            ObjectNode sal = json.createObjectNode();
            sal.put("id", p.id());
            sal.put("service_id", p.serviceId());
            if (p.locationId() != null) {
                sal.put("location_id", p.locationId());
            }
            if (p.location() != null) {
                sal.set("location", p.location().deepCopy());
            }
            sal.set("service", service.deepCopy());
            out.add(sal);
        }
        return out;
    }

    private static ResponseStatusException notFound(String detail) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
    }
}
