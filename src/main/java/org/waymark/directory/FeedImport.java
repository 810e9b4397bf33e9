package org.waymark.directory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a feed by URL into one document for {@link ServiceEdits#importJson}. An ORUK 3.0 paged list
 * ({@code contents}, {@code page_number}, {@code total_pages}, {@code last_page}) is followed page by page
 * ({@code ?page=2}, ...), and each list-shaped entry (the one-to-one fields a list gives) is replaced by its full
 * record, fetched from the list's URL without its query plus {@code /{id}} (so {@code {base}/services/{id}} for
 * {@code {base}/services}); an entry that is already fully nested is taken as it is. A plain array or a single
 * service is taken as it is, as before. Every request goes through {@link FeedFetcher}, so every one of them is
 * checked against this server and its network, redirects too.
 *
 * <p>Bounded: at most {@link #MAX_PAGES} pages, {@link #MAX_SERVICES} services and {@link #MAX_TOTAL_FEEDS} times
 * {@code import-max-bytes} in all (413 past any of them). Any request that fails fails the whole import, naming the
 * service or page it was for, and nothing is stored.
 */
final class FeedImport {
    static final int MAX_PAGES = 50;
    static final int MAX_SERVICES = 2_000;
    static final int MAX_TOTAL_FEEDS = 10;

    private final FeedFetcher fetcher;
    private final ObjectMapper json;
    private final long maxTotalBytes;
    private long read;

    private FeedImport(FeedFetcher fetcher, ObjectMapper json, long maxBytes) {
        this.fetcher = fetcher;
        this.json = json;
        this.maxTotalBytes = maxBytes * MAX_TOTAL_FEEDS;
    }

    /**
     * The feed at {@code url} as one document: {@code {"contents": [every service's full record, page by page]}}
     * for a paged list (so an error's path {@code $.contents[i]} counts services across every page), else the
     * document as sent.
     */
    static JsonNode read(FeedFetcher fetcher, ObjectMapper json, String url) {
        return new FeedImport(fetcher, json, fetcher.maxBytes()).read(url);
    }

    private JsonNode read(String url) {
        JsonNode first = get(url, "The feed");
        if (!paged(first)) {
            return first;
        }
        if (first.path("total_pages").asInt(1) > MAX_PAGES) {
            throw tooMany("has " + first.path("total_pages").asInt() + " pages; import by URL reads at most "
                    + MAX_PAGES);
        }
        if (first.path("total_items").asLong(0) > MAX_SERVICES) {
            throw tooMany("has " + first.path("total_items").asLong() + " services; import by URL reads at most "
                    + MAX_SERVICES);
        }
        List<JsonNode> entries = new ArrayList<>();
        List<Integer> pageOf = new ArrayList<>();
        JsonNode page = first;
        int pageNumber = first.path("page_number").asInt(1);
        for (int pages = 1; ; pages++) {
            for (JsonNode entry : page.path("contents")) {
                entries.add(entry);
                pageOf.add(pageNumber);
            }
            if (entries.size() > MAX_SERVICES) {
                throw tooMany("has more than " + MAX_SERVICES + " services; import by URL reads at most "
                        + MAX_SERVICES);
            }
            if (!more(page, pageNumber)) {
                break;
            }
            if (pages >= MAX_PAGES) {
                throw tooMany("has more than " + MAX_PAGES + " pages; import by URL reads at most " + MAX_PAGES);
            }
            int next = pageNumber + 1;
            page = get(pageUrl(url, next), "Page " + next + " of the feed");
            if (!paged(page)) {
                throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Page " + next
                        + " of the feed is not an Open Referral UK page (no contents)");
            }
            int answered = page.path("page_number").asInt(next);
            if (answered != next) {
                throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Asked the feed for page " + next
                        + " and it answered page " + answered);
            }
            pageNumber = next;
        }
        ArrayNode services = json.createArrayNode();
        String records = recordBase(url);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String id = OrukMapping.text(entry, "id");
            if (entry instanceof ObjectNode o && id != null && !id.isBlank() && ServiceEdits.listShaped(o)) {
                String what = "Service " + id + " (entry " + i + ", on page " + pageOf.get(i) + ")";
                JsonNode full = get(records + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                        .replace("+", "%20"), what);
                if (!full.isObject() || !id.equals(OrukMapping.text(full, "id"))) {
                    throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, what
                            + ": the feed's record for it is not a service with that id");
                }
                services.add(full);
            } else {
                services.add(entry);
            }
        }
        ObjectNode out = json.createObjectNode();
        out.set("contents", services);
        return out;
    }

    private static boolean paged(JsonNode doc) {
        return doc.isObject() && doc.path("contents").isArray();
    }

    /** Whether another page follows: {@code last_page} when given, else {@code page_number < total_pages}. */
    private static boolean more(JsonNode page, int pageNumber) {
        if (page.path("contents").isEmpty()) {
            return false;
        }
        if (page.path("last_page").isBoolean()) {
            return !page.path("last_page").asBoolean();
        }
        return page.path("total_pages").isNumber() && pageNumber < page.path("total_pages").asInt();
    }

    /** The list's URL with {@code page=n} in place of any page it had. */
    static String pageUrl(String url, int n) {
        String trimmed = url.trim();
        int hash = trimmed.indexOf('#');
        String noFragment = hash >= 0 ? trimmed.substring(0, hash) : trimmed;
        int q = noFragment.indexOf('?');
        StringBuilder b = new StringBuilder(q >= 0 ? noFragment.substring(0, q) : noFragment).append('?');
        if (q >= 0) {
            for (String param : noFragment.substring(q + 1).split("&")) {
                if (!param.isEmpty() && !param.equals("page") && !param.startsWith("page=")) {
                    b.append(param).append('&');
                }
            }
        }
        return b.append("page=").append(n).toString();
    }

    /** The list's URL without its query, fragment or a trailing slash: where {@code /{id}} is a service's record. */
    static String recordBase(String url) {
        String base = url.trim();
        for (char c : new char[] {'#', '?'}) {
            int at = base.indexOf(c);
            base = at >= 0 ? base.substring(0, at) : base;
        }
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** One fetched document; a failure says what it was for and keeps the fetcher's status (400 refused, 502, ...). */
    private JsonNode get(String url, String what) {
        byte[] body;
        try {
            body = fetcher.fetch(url);
        } catch (ResponseStatusException e) {
            if (what.equals("The feed")) {
                throw e;
            }
            throw new ResponseStatusException(e.getStatusCode(), what + " could not be fetched from " + url + ": "
                    + e.getReason() + "; nothing was imported");
        }
        read += body.length;
        if (read > maxTotalBytes) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "The feed's pages and services come to "
                    + "more than " + maxTotalBytes + " bytes; import by URL reads at most " + MAX_TOTAL_FEEDS
                    + " times waymark.directory.import-max-bytes in all");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, what + " did not send valid JSON"
                    + (what.equals("The feed") ? "" : " (" + url + "); nothing was imported"));
        }
    }

    private static ResponseStatusException tooMany(String detail) {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "The feed " + detail
                + "; nothing was imported");
    }
}
