package org.waymark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against the test server on its random port, as a patient's widget, a script with HTTP Basic, or a
 * link worker signed in through the login form (cookies and CSRF tokens as a browser keeps them).
 */
public final class RealHttp {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    /** HTTP Basic for the test accounts (application-test.yml): two link workers and the administrator. */
    public static final String SAM = basic("sam", "test-sam-password");
    public static final String KIM = basic("kim", "test-kim-password");
    public static final String ADMIN = basic("admin", "test-admin-password");

    private final int port;
    private final JsonMapper json;
    private final HttpClient client;

    public RealHttp(int port, JsonMapper json) {
        this(port, json, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build());
    }

    private RealHttp(int port, JsonMapper json, HttpClient client) {
        this.port = port;
        this.json = json;
        this.client = client;
    }

    public URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    public HttpRequest postJson(String path, Object body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    public JsonNode json(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** A new client, with its own cookies, signed in through the login form as a browser would be. */
    public RealHttp signedIn(String user, String password) {
        RealHttp browser = new RealHttp(port, json);
        HttpResponse<String> r = browser.postForm("/login", "/login", Map.of("username", user, "password", password),
                "text/html");
        String to = r.headers().firstValue("Location").orElse("");
        if (!to.endsWith("/workers")) {
            throw new AssertionError("sign-in as " + user + " failed: " + r.statusCode() + " to " + to);
        }
        return browser;
    }

    /** Posts a form with the CSRF token from {@code page}, as a browser does after loading that page. */
    public HttpResponse<String> postForm(String page, String path, Map<String, String> fields, String accept) {
        Matcher m = CSRF.matcher(get(page, null).body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on " + page);
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", m.group(1));
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(form(all))).build());
    }

    /** A patient in the web chat widget. */
    public WebChat webChat() {
        JsonNode n = json(send(postJson("/api/webchat/sessions", Map.of(), null)));
        return new WebChat(n.get("sessionId").asString(), n.get("token").asString());
    }

    public final class WebChat {
        public final String sessionId;
        private final String token;

        private WebChat(String sessionId, String token) {
            this.sessionId = sessionId;
            this.token = token;
        }

        public HttpResponse<String> says(String text) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(url("/api/webchat/sessions/" + sessionId
                            + "/messages")).header("Content-Type", "application/json").header("X-Session-Token", token)
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("text", text))))
                    .build());
            if (r.statusCode() != 200) {
                throw new AssertionError("web chat answered " + r.statusCode() + ": " + r.body());
            }
            return r;
        }

        /** The patient's transcript, as their widget reads it. */
        public JsonNode transcript() {
            return json(send(HttpRequest.newBuilder(url("/api/webchat/sessions/" + sessionId + "/messages"))
                    .header("X-Session-Token", token).GET().build())).get("messages");
        }
    }
}
