package org.waymark.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.PathContainer;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deny by default, as an attacker tries it: every route Spring has mapped (read from its handler mappings, the
 * actuator's included), in every spelling a firewall should refuse, without credentials, over real HTTP. None may
 * answer with data, and Redis must hold exactly what it held before. The ids in the paths are real (a waiting
 * handoff with the patient's words, a demo service, a live web chat session), so a route that let the request
 * through would answer 200 with them, as the signed-in control at the end shows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DenyByDefaultTest {
    private static final String WORDS = "since my wife died I hardly see anyone";
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}]+)}");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;
    @Autowired
    List<RequestMappingInfoHandlerMapping> mappings;
    @Autowired
    UnifiedJedis redis;
    @Autowired
    JsonMapper json;

    String sessionId;
    String handoffId;
    String serviceId;

    @BeforeEach
    void aPatientIsWaitingForAPerson() throws Exception {
        JsonNode session = json.readTree(send("POST", "/api/webchat/sessions", "{}", null).body());
        sessionId = session.get("sessionId").asString();
        String token = session.get("token").asString();
        for (String text : List.of("yes", WORDS, "PERSON")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/webchat/sessions/" + sessionId
                            + "/messages")).header("Content-Type", "application/json").header("X-Session-Token", token)
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(java.util.Map.of("text", text))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(text).isEqualTo(200);
        }
        JsonNode waiting = json.readTree(send("GET", "/api/handoffs?status=waiting", null, admin()).body());
        for (JsonNode h : waiting) {
            if (h.get("patient").asString().equals("web chat " + sessionId.substring(0, 6))) {
                handoffId = h.get("id").asString();
            }
        }
        assertThat(handoffId).as("the patient's handoff in the queue").isNotNull();
        serviceId = json.readTree(send("GET", "/api/directory/services?per_page=1", null, null).body())
                .get("contents").get(0).get("id").asString();
    }

    @Test
    void noMappedRouteInAnySpellingAnswersWithDataOrChangesAnythingWithoutSignIn() throws Exception {
        List<Route> routes = mappedRoutes();
        assertThat(routes).as("routes read from Spring's handler mappings").hasSizeGreaterThan(40)
                .anyMatch(r -> r.path.startsWith("/api/handoffs/")).anyMatch(r -> r.path.startsWith("/actuator/"))
                .anyMatch(r -> r.pattern.equals("/api/review/{id}")).anyMatch(r -> r.pattern.equals("/workers/review"))
                .anyMatch(r -> r.pattern.equals("/api/models/{version}/approve"));
        String before = redisDigest();
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (Route route : routes) {
            for (String spelling : spellings(route.path)) {
                boolean plain = spelling.equals(route.path);
                if (isPublic(route.method, spelling)) {
                    continue; // public as designed (a spelling such as /actuator/health/ may be public too)
                }
                HttpResponse<String> r = send(route.method, spelling, "{}", null);
                tried++;
                String verdict = refusal(r, plain);
                if (verdict != null) {
                    failures.add(route.method + " " + spelling + " (route " + route.path + "): " + verdict);
                }
            }
        }
        assertThat(failures).as(tried + " anonymous requests").isEmpty();
        assertThat(redisDigest()).as("Redis after " + tried + " anonymous requests").isEqualTo(before);
    }

    @Test
    void everyAdministratorsRouteRefusesALinkWorkerWhoIsNotOne() throws Exception {
        String sam = "Basic " + Base64.getEncoder().encodeToString("sam:test-sam-password"
                .getBytes(StandardCharsets.UTF_8));
        List<Route> admin = mappedRoutes().stream().filter(r -> r.path.startsWith("/workers/admin/")
                || r.path.startsWith("/api/admin/")).toList();
        assertThat(admin).as("administrators' routes").extracting(r -> r.pattern)
                .contains("/workers/admin/audit", "/workers/admin/canned-replies", "/api/admin/models/retrain",
                        "/workers/admin/models/{version}/activate");
        String before = redisDigest();
        for (Route r : admin) {
            assertThat(send(r.method, r.path, "{}", sam).statusCode()).as(r.method + " " + r.path).isEqualTo(403);
        }
        // approving a risk-model change is the clinical safety officer's alone
        for (String approve : List.of("/api/models/1/approve", "/workers/models/1/approve")) {
            assertThat(send("POST", approve, "{}", sam).statusCode()).as("POST " + approve).isEqualTo(403);
        }
        assertThat(redisDigest()).as("Redis after a link worker tried every administrator's route").isEqualTo(before);
        assertThat(send("GET", "/workers/cases", null, sam).statusCode()).as("a link worker's page").isEqualTo(200);
        assertThat(send("GET", "/api/canned-replies", null, sam).statusCode()).isEqualTo(200);
    }

    @Test
    void theEncodedPathOfTheReportIsRefusedAndShowsNoPatientsWords() throws Exception {
        for (String path : List.of("/%61pi/handoffs?status=waiting", "/%61%70%69/handoffs", "/api/%68andoffs",
                "/api/handoffs/%2e%2e/handoffs", "/api;x=1/handoffs", "/api/./handoffs", "//api/handoffs",
                "/API/handoffs", "/api/handoffs/", "/api/handoffs.json", "/api%2Fhandoffs")) {
            HttpResponse<String> r = send("GET", path, null, null);
            assertThat(r.statusCode()).as(path).isIn(302, 400, 401, 404);
            assertThat(r.headers().firstValue("Location").orElse("/login")).as(path).endsWith("/login");
            assertThat(r.body()).as(path).doesNotContain(WORDS).doesNotContain(handoffId);
        }
        HttpResponse<String> encoded = send("GET", "/%61pi/handoffs?status=waiting", null, null);
        assertThat(encoded.statusCode()).isEqualTo(400);
        assertThat(encoded.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json.readTree(encoded.body()).get("detail").asString()).contains("encoded");
    }

    @Test
    void signedInTheSameRoutesAnswerWithTheData() throws Exception {
        // the control: the fixtures are real, so a refusal above is the security, not a wrong id
        assertThat(send("GET", "/api/handoffs?status=waiting", null, admin()).body()).contains(handoffId);
        assertThat(send("GET", "/api/handoffs/" + handoffId, null, admin()).body()).contains(WORDS);
        assertThat(send("GET", "/api/directory/export", null, admin()).body()).contains(serviceId);
        assertThat(send("GET", "/workers/handoffs/" + handoffId, null, admin()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/info", null, admin()).statusCode()).isEqualTo(200);
    }

    @Test
    void theShortListIsAllThatIsPublicAndEachOfItAnswersWithoutSignIn() throws Exception {
        Set<String> open = new LinkedHashSet<>();
        for (Route r : mappedRoutes()) {
            if (r.isPublic()) {
                open.add(r.method + " " + r.pattern);
            }
        }
        assertThat(open).containsExactlyInAnyOrder("GET /", "GET /login", "POST /api/webchat/sessions",
                "POST /api/webchat/sessions/{id}/messages", "GET /api/webchat/sessions/{id}/messages",
                "GET /api/webchat/sessions/{id}/events", "POST /twilio/sms", "POST /twilio/status",
                "GET /api/directory/", "GET /api/directory/services", "GET /api/directory/services/{id}",
                "GET /api/directory/taxonomies", "GET /api/directory/taxonomies/{id}",
                "GET /api/directory/taxonomy_terms", "GET /api/directory/taxonomy_terms/{id}",
                "GET /api/directory/service_at_locations", "GET /api/directory/service_at_locations/{id}",
                "GET /actuator/health",
                "GET /actuator/health/**", "GET /api/webchat/languages", "POST /api/webchat/sessions/{id}/language");
        assertThat(send("GET", "/", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/webchat/languages", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/login", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/widget/waymark-widget.js", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isIn(200, 503);
        assertThat(send("GET", "/api/directory/services/" + serviceId, null, null).statusCode()).isEqualTo(200);
        for (String oruk : List.of("/api/directory/", "/api/directory/taxonomies", "/api/directory/taxonomy_terms",
                "/api/directory/service_at_locations")) {
            assertThat(send("GET", oruk, null, null).statusCode()).as(oruk).isEqualTo(200);
        }
        // no handler at all still needs a sign-in: an unknown path tells an anonymous caller nothing
        assertThat(send("GET", "/api/no-such-thing", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/workers/no-such-page", null, null).statusCode()).isEqualTo(302);
        // the phone simulator and the NLU probe are staff tools now
        assertThat(send("GET", "/simulator", null, null).statusCode()).isEqualTo(302);
        assertThat(send("POST", "/api/nlu/parse", "{\"text\":\"hi\"}", null).statusCode()).isEqualTo(401);
    }

    @Test
    void cookiesAreSameSiteLaxAndHstsIsSentOnlyOverHttps() throws Exception {
        HttpResponse<String> login = send("GET", "/login", null, null);
        assertThat(login.headers().allValues("Set-Cookie")).isNotEmpty().allSatisfy(c -> assertThat(c)
                .containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly"));
        assertThat(login.headers().firstValue("Strict-Transport-Security")).isEmpty();
        // behind a proxy on this machine that ended TLS, as Tomcat's RemoteIpValve trusts a loopback proxy
        HttpResponse<String> https = HTTP.send(HttpRequest.newBuilder(uri("/login"))
                .header("X-Forwarded-Proto", "https").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(https.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
                v -> assertThat(v).contains("max-age=31536000"));
        assertThat(https.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c)
                .containsIgnoringCase("Secure"));
    }

    /** null when the answer gives nothing away; else what is wrong with it. */
    private static String refusal(HttpResponse<String> r, boolean plainSpelling) {
        int status = r.statusCode();
        if (status == 302 || status == 303) {
            String location = r.headers().firstValue("Location").orElse("");
            return location.endsWith("/login") ? null : "redirected to " + location;
        }
        if (plainSpelling && status != 401 && status != 403) {
            return "answered " + status + " instead of asking for a sign-in";
        }
        return status == 400 || status == 401 || status == 403 || status == 404 || status == 405 ? null
                : "answered " + status + ": " + r.body().substring(0, Math.min(200, r.body().length()));
    }

    /** The path as given and as a firewall must refuse or a rule must still guard it. */
    static List<String> spellings(String path) {
        Set<String> out = new LinkedHashSet<>();
        out.add(path);
        String rest = path.substring(1);
        int slash = rest.indexOf('/');
        if (!rest.isEmpty()) {
            out.add("/" + percent(rest.charAt(0), false) + rest.substring(1));
            out.add("/" + percent(rest.charAt(0), true) + rest.substring(1));
            int last = path.lastIndexOf('/') + 1;
            if (last < path.length()) {
                out.add(path.substring(0, last) + percent(path.charAt(last), false) + path.substring(last + 1));
            }
        }
        if (slash > 0) {
            String first = rest.substring(0, slash);
            String after = rest.substring(slash);
            out.add("/" + first + "%2F" + after.substring(1));
            out.add("/" + first + "%2f" + after.substring(1));
            out.add("/" + first + ";x=1" + after);
            out.add("/" + first + "/" + after);
            out.add("/" + first + "/." + after);
            out.add("/" + first + "/%2e" + after);
            out.add("/" + first + "/x/.." + after);
            out.add("/" + first + "/x/%2e%2e" + after);
            out.add("/" + first + "%5C" + after.substring(1));
        }
        out.add(path + ";jsessionid=1");
        out.add("/" + path);
        out.add("/." + path);
        out.add("/x/.." + path);
        out.add(path.toUpperCase(Locale.ROOT));
        out.add(path.isEmpty() ? "/" : path.substring(0, 1) + Character.toUpperCase(path.length() > 1
                ? path.charAt(1) : '/') + (path.length() > 2 ? path.substring(2) : ""));
        out.add(path.endsWith("/") ? path + "/" : path + "/");
        out.add(path + ".json");
        out.add(path + ".csv");
        out.add(path + "%00");
        return List.copyOf(out);
    }

    private static String percent(char c, boolean upper) {
        String hex = String.format("%%%02x", (int) c);
        return upper ? hex.toUpperCase(Locale.ROOT) : hex;
    }

    private record Route(String method, String pattern, String path, boolean isPublic) {
    }

    /** Whether the short list makes this method and path (its query aside) public. */
    private static boolean isPublic(String method, String spelling) {
        String path = spelling.contains("?") ? spelling.substring(0, spelling.indexOf('?')) : spelling;
        if (path.contains("%") || path.contains(";") || path.contains("//") || path.contains("/.")) {
            return false; // never public: the firewall must refuse it
        }
        PathPatternParser parser = new PathPatternParser();
        return PublicRoutes.routes(false).stream().anyMatch(p -> !p.pattern().equals("/error")
                && (p.method() == null || p.method().name().equals(method))
                && parser.parse(p.pattern()).matches(PathContainer.parsePath(path)));
    }

    /** Every method and pattern of every handler mapping, with real ids in its variables. */
    private List<Route> mappedRoutes() {
        List<Route> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RequestMappingInfoHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                List<String> verbs = methods.isEmpty() ? List.of("GET", "POST")
                        : methods.stream().map(RequestMethod::name).toList();
                for (String pattern : info.getPatternValues()) {
                    String path = fill(pattern);
                    for (String verb : verbs) {
                        if (!seen.add(verb + " " + pattern)) {
                            continue;
                        }
                        out.add(new Route(verb, pattern, path, isPublic(verb, path)));
                    }
                }
            }
        }
        out.removeIf(r -> r.pattern.equals("/error"));
        return out;
    }

    private String fill(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value;
            if (pattern.startsWith("/api/handoffs") || pattern.startsWith("/workers/handoffs")) {
                value = handoffId;
            } else if (pattern.contains("directory")) {
                value = serviceId;
            } else if (pattern.contains("webchat")) {
                value = sessionId;
            } else if (pattern.startsWith("/actuator")) {
                value = m.group(0).startsWith("{*") ? "liveness" : "x";
            } else {
                value = "x";
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Every key and its value's bytes, so any write shows. */
    private String redisDigest() throws Exception {
        TreeMap<String, String> all = new TreeMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().count(1000));
            for (String key : page.getResult()) {
                byte[] dump = redis.dump(key);
                all.put(key, dump == null ? "" : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(dump)));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return all.size() + " keys " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(all.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:test-admin-password"
                .getBytes(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null && !method.equals("GET")) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (path.contains("/events")) {
            b.header("Accept", "text/event-stream");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
