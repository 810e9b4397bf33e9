package org.waymark.channel.sms;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.twilio.security.RequestValidator;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Checks X-Twilio-Signature against the public URL Twilio was given ({@code WAYMARK_PUBLIC_BASE_URL} plus the
 * path), not the URL this node sees, which behind a proxy differs.
 */
final class TwilioSignature {
    static final String HEADER = "X-Twilio-Signature";

    private final RequestValidator validator;
    private final String publicBaseUrl;

    TwilioSignature(String authToken, String publicBaseUrl) {
        this.validator = new RequestValidator(authToken);
        this.publicBaseUrl = publicBaseUrl;
    }

    boolean valid(HttpServletRequest request) {
        String signature = request.getHeader(HEADER);
        if (signature == null || signature.isBlank()) {
            return false;
        }
        String query = request.getQueryString();
        String url = publicBaseUrl + request.getRequestURI() + (query == null ? "" : "?" + query);
        return validator.validate(url, formParams(request), signature);
    }

    /** The POST body's fields only: Twilio signs the query string as part of the URL. */
    static Map<String, String> formParams(HttpServletRequest request) {
        Set<String> inQuery = new HashSet<>();
        if (request.getQueryString() != null) {
            Arrays.stream(request.getQueryString().split("&")).map(p -> p.split("=", 2)[0])
                    .map(n -> java.net.URLDecoder.decode(n, java.nio.charset.StandardCharsets.UTF_8))
                    .forEach(inQuery::add);
        }
        Map<String, String> params = new TreeMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!inQuery.contains(name) && values.length > 0) {
                params.put(name, values[0]);
            }
        });
        return params;
    }
}
