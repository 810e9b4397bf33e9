package org.waymark.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The directory's Open Referral UK writes, for link workers: import (body or feed URL), export, verifying and
 * closing a service, and the re-check list. The public, read-only ORUK API is {@link OrukApi}.
 */
@RestController
@RequestMapping("/api/directory")
class DirectoryApi {
    private static final Logger log = LoggerFactory.getLogger(DirectoryApi.class);

    private final ServiceEdits edits;
    private final ObjectMapper json;
    private final FeedFetcher fetcher;

    DirectoryApi(ServiceEdits edits, ObjectMapper json, FeedFetcher fetcher) {
        this.edits = edits;
        this.json = json;
        this.fetcher = fetcher;
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

    /**
     * Imports ORUK JSON (one service, a list, or a paged list), from the body or a feed's {@code ?url=} (every page
     * of it, each service's full record), all or nothing: a feed with any service that breaks ORUK's service.json is answered 400 with every error (its
     * index, id, JSON path and message in {@code errors}) and nothing of it is stored.
     */
    @PostMapping("/import")
    ServiceEdits.ImportResult importServices(@RequestBody(required = false) JsonNode body,
                                             @RequestParam(required = false) String url) {
        boolean fromFeed = url != null && !url.isBlank();
        if (!fromFeed && (body == null || body.isNull() || body.isMissingNode())) {
            throw bad("Send ORUK JSON (one service, a list, or a paged list) as the body, or give ?url= of a feed");
        }
        try {
            ServiceEdits.ImportResult result = edits.importJson(fromFeed ? fetch(url) : body);
            log.info("Imported {} service(s){}, {} merged into fuller stored records", result.imported(),
                    fromFeed ? " from a feed" : "", result.merged().size());
            return result;
        } catch (ServiceEdits.InvalidFeed e) {
            log.info("Refused an import{}: {}", fromFeed ? " from a feed" : "", e.getMessage());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail(e));
            problem.setTitle("The feed is not valid Open Referral UK");
            problem.setProperty("errors", e.problems());
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, e);
        }
    }

    /** The count, then the first errors by path, so the detail alone says what to fix. */
    private static String detail(ServiceEdits.InvalidFeed e) {
        StringBuilder b = new StringBuilder(e.getMessage()).append(": ");
        List<ServiceEdits.ImportProblem> problems = e.problems();
        int shown = Math.min(problems.size(), 10);
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? "" : "; ").append(problems.get(i).path()).append(' ').append(problems.get(i).message());
        }
        if (problems.size() > shown) {
            b.append("; and ").append(problems.size() - shown).append(" more (see errors)");
        }
        return b.toString();
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

    /** A paged list is followed page by page and each list-shaped entry's full record fetched ({@link FeedImport}). */
    private JsonNode fetch(String url) {
        return FeedImport.read(fetcher, json, url);
    }

    private static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
