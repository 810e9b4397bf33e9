package org.waymark.channel.sms;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import org.waymark.RealHttp;

/** Webhook requests shaped and signed as Twilio sends them (public for the tests that run a node of their own). */
public final class TwilioRequests {
    private final String token;
    private final String publicBaseUrl;

    public TwilioRequests(String token, String publicBaseUrl) {
        this.token = token;
        this.publicBaseUrl = publicBaseUrl;
    }

    public static String newSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    public static String newNumber() {
        return "+4477009" + String.format("%05d", (int) (Math.random() * 100_000));
    }

    /** All the fields Twilio posts for an inbound SMS to a UK number. */
    public static Map<String, String> inbound(String sid, String from, String to, String body) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("ToCountry", "GB");
        f.put("ToState", "");
        f.put("SmsMessageSid", sid);
        f.put("NumMedia", "0");
        f.put("ToCity", "");
        f.put("FromZip", "");
        f.put("SmsSid", sid);
        f.put("FromState", "");
        f.put("SmsStatus", "received");
        f.put("FromCity", "");
        f.put("Body", body);
        f.put("FromCountry", "GB");
        f.put("To", to);
        f.put("ToZip", "");
        f.put("NumSegments", "1");
        f.put("MessageSid", sid);
        f.put("AccountSid", "AC00000000000000000000000000000001");
        f.put("From", from);
        f.put("ApiVersion", "2010-04-01");
        return f;
    }

    /** Twilio's scheme: HMAC-SHA1 of the public URL followed by each field name and value, sorted by name. */
    public String sign(String path, Map<String, String> fields) {
        StringBuilder data = new StringBuilder(publicBaseUrl + path);
        new TreeMap<>(fields).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static MockHttpServletRequestBuilder form(String path, Map<String, String> fields, String signature) {
        MockHttpServletRequestBuilder b = MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED);
        fields.forEach(b::param);
        if (signature != null) {
            b.header("X-Twilio-Signature", signature);
        }
        return b;
    }

    MockHttpServletRequestBuilder signed(String path, Map<String, String> fields) {
        return form(path, fields, sign(path, fields));
    }

    /** One text from {@code from} to {@code to}, signed, over real HTTP to the server {@code http} talks to. */
    java.net.http.HttpResponse<String> text(RealHttp http, String from, String to, String body) {
        return http.send(signedHttp(http.url("/twilio/sms"), "/twilio/sms", inbound(newSid(), from, to, body)));
    }

    /** The same as a real HTTP request to {@code url}, the server's own address (signed for the public one). */
    HttpRequest signedHttp(URI url, String path, Map<String, String> fields) {
        return HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", sign(path, fields))
                .POST(HttpRequest.BodyPublishers.ofString(RealHttp.form(fields))).build();
    }
}
