package org.waymark.channel.sms;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * The Twilio SDK's HTTP client, pointed at a configurable base URL (tests use WireMock), with time-outs, and with no
 * retries of its own: the outbox decides about retries and needs the Retry-After header, which the SDK drops.
 */
final class TwilioHttpClient extends HttpClient {
    private final java.net.http.HttpClient http;
    private final String baseUrl;
    private final Duration timeout;
    private final ThreadLocal<Response> last = new ThreadLocal<>();

    TwilioHttpClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.http = java.net.http.HttpClient.newBuilder().connectTimeout(timeout)
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        last.remove();
        URL original = request.constructURL();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + original.getFile())).timeout(timeout)
                .header("Accept", "application/json");
        if (request.requiresAuthentication()) {
            b.header("Authorization", request.getAuthString());
        }
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> {
            try {
                b.header(name, v);
            } catch (IllegalArgumentException restricted) {
                // Host, Connection and the like are the HTTP client's own business
            }
        }));
        switch (request.getMethod()) {
            case POST -> b.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(request.encodeFormBody()));
            case DELETE -> b.DELETE();
            default -> b.GET();
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            List<Header> headers = new ArrayList<>();
            r.headers().map().forEach((name, values) -> values.forEach(v -> headers.add(new BasicHeader(name, v))));
            Response response = new Response(r.body(), r.statusCode(), headers.toArray(Header[]::new));
            last.set(response);
            return response;
        } catch (IOException e) {
            throw new ApiConnectionException("Could not reach Twilio: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("Interrupted while calling Twilio", e);
        }
    }

    /** The HTTP status of this thread's last response, or null when there was none. */
    Integer lastStatus() {
        Response r = last.get();
        return r == null ? null : r.getStatusCode();
    }

    /** The Retry-After of this thread's last response, if it had one in seconds. */
    Duration lastRetryAfter() {
        Response r = last.get();
        if (r == null || r.getHeaders() == null) {
            return null;
        }
        for (Header h : r.getHeaders()) {
            if ("Retry-After".equalsIgnoreCase(h.getName())) {
                try {
                    return Duration.ofSeconds(Long.parseLong(h.getValue().trim()));
                } catch (NumberFormatException httpDate) {
                    return null;
                }
            }
        }
        return null;
    }
}
