package org.waymark.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The directory as an Open Referral UK API: the public, paged service list (only active, recently checked
 * services) and one service; for link workers, import (body or feed URL), export and the re-check list.
 */
@RestController
@RequestMapping("/api/directory")
class DirectoryApi {
    private static final Logger log = LoggerFactory.getLogger(DirectoryApi.class);

    private final ServiceStore store;
    private final DirectoryIndex index;
    private final ServiceEdits edits;
    private final PostcodeGeography geography;
    private final Freshness freshness;
    private final ObjectMapper json;
    private final FeedFetcher fetcher;

    DirectoryApi(ServiceStore store, DirectoryIndex index, ServiceEdits edits, PostcodeGeography geography,
                 Freshness freshness, ObjectMapper json, FeedFetcher fetcher) {
        this.store = store;
        this.index = index;
        this.edits = edits;
        this.geography = geography;
        this.freshness = freshness;
        this.json = json;
        this.fetcher = fetcher;
    }

    /** ORUK's paged list shape. */
    record Page(int total_items, int total_pages, int page_number, int size, boolean first_page,
                boolean last_page, boolean empty, List<ObjectNode> contents) {
    }

    @GetMapping("/services")
    Page services(@RequestParam(required = false) String postcode,
                  @RequestParam(required = false) Double proximity,
                  @RequestParam(name = "taxonomy_term_id", required = false) String taxonomyTermId,
                  @RequestParam(required = false) String need,
                  @RequestParam(required = false) String day,
                  @RequestParam(required = false) String search,
                  @RequestParam(defaultValue = "1") int page,
                  @RequestParam(name = "per_page", defaultValue = "20") int perPage) {
        if (page < 1 || perPage < 1 || perPage > 100) {
            throw bad("page must be 1 or more and per_page between 1 and 100");
        }
        Predicate<Activity> filter = a -> a.active() && freshness.isFresh(a.lastVerified());
        if (need != null && !need.isBlank()) {
            Need n = Need.fromCode(need).orElseThrow(() -> bad("Unknown need '" + need + "'"));
            filter = filter.and(a -> a.needs().contains(n));
        }
        if (taxonomyTermId != null && !taxonomyTermId.isBlank()) {
            Optional<Need> n = OrukMapping.needOfTerm(taxonomyTermId);
            filter = filter.and(a -> n.map(a.needs()::contains).orElse(false)
                    || a.termIds().contains(taxonomyTermId.trim()));
        }
        if (day != null && !day.isBlank()) {
            java.time.DayOfWeek d = dayOf(day).orElseThrow(() -> bad("Unknown day '" + day
                    + "'; use MO, TU, WE, TH, FR, SA, SU or the day's name"));
            filter = filter.and(a -> a.sessions().stream().anyMatch(s -> s.day() == d
                    && s.runsOn(freshness.today())));
        }
        if (search != null && !search.isBlank()) {
            String q = search.toLowerCase(Locale.ROOT);
            filter = filter.and(a -> (a.name() + " " + a.description()).toLowerCase(Locale.ROOT).contains(q));
        }
        Map<String, Double> distance = new HashMap<>();
        List<Activity> cards = index.current().cards();
        if (postcode != null && !postcode.isBlank()) {
            PostcodeGeography.Point origin = geography.locate(postcode)
                    .orElseThrow(() -> bad("Unknown postcode '" + postcode + "'"));
            if (proximity != null && proximity <= 0) {
                throw bad("proximity is a distance in metres and must be more than 0");
            }
            cards.stream().filter(Activity::located).forEach(a -> distance.put(a.id(),
                    origin.kmTo(new PostcodeGeography.Point(a.lat(), a.lon()))));
            if (proximity != null) {
                double km = proximity / 1000.0;
                filter = filter.and(a -> distance.getOrDefault(a.id(), Double.MAX_VALUE) <= km);
            }
        }
        Comparator<Activity> order = distance.isEmpty() ? Comparator.comparing(Activity::name,
                String.CASE_INSENSITIVE_ORDER) : Comparator.comparing(a -> distance.getOrDefault(a.id(),
                Double.MAX_VALUE));
        List<Activity> matched = cards.stream().filter(filter).sorted(order.thenComparing(Activity::id)).toList();
        int total = matched.size();
        int pages = Math.max(1, (total + perPage - 1) / perPage);
        int from = Math.min(total, (page - 1) * perPage);
        List<String> ids = matched.subList(from, Math.min(total, from + perPage)).stream().map(Activity::id).toList();
        List<ObjectNode> contents = store.services(ids);
        contents.forEach(ServiceEdits::stripExtensions);
        return new Page(total, pages, page, perPage, page == 1, page >= pages, contents.isEmpty(), contents);
    }

    @GetMapping("/services/{id}")
    ObjectNode service(@PathVariable String id) {
        return store.service(id).map(ServiceEdits::stripExtensions)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No service with id " + id));
    }

    @PostMapping("/services/{id}/verify")
    Map<String, Object> verify(@PathVariable String id) {
        Activity a = edits.verify(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No service with id " + id));
        return Map.of("id", a.id(), "assured_date", a.lastVerified().toString());
    }

    @PostMapping("/services/{id}/status")
    Map<String, Object> status(@PathVariable String id, @RequestParam String status) {
        if (!OrukMapping.STATUSES.contains(status)) {
            throw bad("status must be active, inactive, defunct or temporarily closed");
        }
        Activity a = edits.setStatus(id, status)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No service with id " + id));
        return Map.of("id", a.id(), "status", a.status());
    }

    @PostMapping("/import")
    ServiceEdits.ImportResult importServices(@RequestBody(required = false) JsonNode body,
                                             @RequestParam(required = false) String url) {
        if (url != null && !url.isBlank()) {
            ServiceEdits.ImportResult result = edits.importJson(fetch(url));
            log.info("Imported {} service(s) from a feed, skipped {}", result.imported(), result.skipped().size());
            return result;
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw bad("Send ORUK JSON (one service, a list, or a paged list) as the body, or give ?url= of a feed");
        }
        ServiceEdits.ImportResult result = edits.importJson(body);
        log.info("Imported {} service(s), skipped {}", result.imported(), result.skipped().size());
        return result;
    }

    @GetMapping("/export")
    List<ObjectNode> export() {
        return edits.export();
    }

    /** Active services not checked within the freshness window: withheld from patients until re-checked. */
    @GetMapping("/stale")
    List<Map<String, Object>> stale() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Activity a : edits.stale()) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("id", a.id());
            row.put("name", a.name());
            row.put("organisation", a.organisation());
            row.put("assured_date", a.lastVerified() == null ? null : a.lastVerified().toString());
            out.add(row);
        }
        return out;
    }

    private JsonNode fetch(String url) {
        byte[] body = fetcher.fetch(url);
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw bad("The feed did not send valid JSON");
        }
    }

    private static Optional<java.time.DayOfWeek> dayOf(String day) {
        String d = day.trim().toUpperCase(Locale.ROOT);
        java.time.DayOfWeek code = d.length() == 2 ? Availability.dayOf(d) : null;
        if (code != null) {
            return Optional.of(code);
        }
        for (java.time.DayOfWeek w : java.time.DayOfWeek.values()) {
            if (w.name().equals(d) || w.name().substring(0, 3).equals(d)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    private static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
