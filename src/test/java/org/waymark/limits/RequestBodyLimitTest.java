package org.waymark.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies are capped at the HTTP layer, over real sockets: a body declared too large is answered 413 before
 * it is read (only a sliver of it is ever sent), a chunked one is cut off at the cap, and each
 * route has its cap (chat 16 KB, Twilio 32 KB, the directory import 5 MB, anything else 64 KB).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "limits"})
class RequestBodyLimitTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MB = 1024 * 1024;
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:test-admin-password".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    /** What came back, and how much of the body the client managed to send before the server closed. */
    record Answer(int status, String body, long sent) {
        JsonNode problem() {
            return JSON.readTree(body);
        }
    }

    /**
     * Declares a body of {@code declared} bytes (or none, chunked) on a raw socket and sends {@code sent} bytes of it
     * from a second thread while this one reads the answer: with less sent than declared, a server that waits for
     * the whole body never answers, and the read times out.
     */
    Answer send(String path, String contentType, String authorization, long declared, long sent)
            throws Exception {
        boolean chunked = declared < 0;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: " + contentType + "\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + declared + "\r\n");
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                // one long JSON string, so a JSON reader keeps reading rather than stop at the first byte
                byte[] block = new byte[16 * 1024];
                Arrays.fill(block, (byte) 'a');
                byte[] start = "{\"text\":\"".getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(start, 0, block, 0, start.length);
                try {
                    while (written.get() < sent) {
                        int n = (int) Math.min(block.length, sent - written.get());
                        if (chunked) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(block, 0, n);
                        if (written.get() == 0) {
                            Arrays.fill(block, 0, start.length, (byte) 'a');
                        }
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        written.addAndGet(n);
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException closed) {
                    // the server answered and closed the connection: the rest is never sent
                }
            });
            InputStream in = socket.getInputStream();
            String status = line(in);
            int length = -1;
            boolean chunkedAnswer = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
                chunkedAnswer |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunkedAnswer) {
                for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
                    body.write(in.readNBytes(n));
                    line(in);
                }
            } else {
                body.write(length < 0 ? in.readAllBytes() : in.readNBytes(length));
            }
            writer.join();
            return new Answer(Integer.parseInt(status.split(" ")[1]), body.toString(StandardCharsets.UTF_8),
                    written.get());
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed after " + b);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static void assertTooLarge(Answer a, String cap) {
        assertThat(a.status()).as(a.body()).isEqualTo(413);
        assertThat(a.problem().get("title").asString()).isEqualTo("Request body too large");
        assertThat(a.problem().get("detail").asString()).contains("larger than " + cap);
    }

    @Test
    void aThirtyMegabyteChatBodyIsAnswered413BeforeItIsRead() throws Exception {
        Answer a = send("/api/webchat/sessions/anything/messages", "application/json", null, 30 * MB, 1024);
        assertTooLarge(a, "16 KB");
    }

    @Test
    void aChunkedThirtyMegabyteChatBodyIsCutOffAtTheCap() throws Exception {
        Answer a = send("/api/webchat/sessions", "application/json", null, -1, 30 * MB);
        assertTooLarge(a, "16 KB");
        assertThat(a.sent()).as("the server closed the connection long before the end").isLessThan(15 * MB);
    }

    @Test
    void aTwentyTwoMegabyteImportIsAnswered413BeforeItIsRead() throws Exception {
        Answer a = send("/api/directory/import", "application/json", ADMIN, 22 * MB, 64 * 1024);
        assertTooLarge(a, "5 MB");
        assertThat(a.problem().get("detail").asString()).contains("WAYMARK_DIRECTORY_IMPORT_MAX_BYTES");
    }

    @Test
    void theImportAcceptsMoreThanOtherRoutes() throws Exception {
        Answer a = send("/api/directory/import", "application/json", ADMIN, 100 * 1024, 100 * 1024);
        assertThat(a.status()).as("read, and refused only as not JSON: " + a.body()).isEqualTo(400);
        assertTooLarge(send("/api/handoffs/anything/messages", "application/json", ADMIN, 100 * 1024, 1024),
                "64 KB");
    }

    @Test
    void twilioWebhookFormsAreCappedWithOrWithoutALength() throws Exception {
        assertTooLarge(send("/twilio/sms", "application/x-www-form-urlencoded", null, 40 * 1024, 1024), "32 KB");
        // a chunked form is read by Tomcat itself, up to the general cap
        Answer chunked = send("/twilio/sms", "application/x-www-form-urlencoded", null, -1, 30 * MB);
        assertTooLarge(chunked, "64 KB");
        assertThat(chunked.sent()).isLessThan(15 * MB);
    }

    @Test
    void theThousandCharacterTextLimitStillAnswersInItsOwnWords() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port + "/api/webchat/sessions";
        JsonNode chat = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "application/json").header("X-Forwarded-For", "192.0.2.77")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/"
                        + chat.get("sessionId").asString() + "/messages"))
                .header("Content-Type", "application/json").header("X-Session-Token", chat.get("token").asString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + "a".repeat(1001) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).get("detail").asString()).contains("1000 characters");
    }
}
