package org.waymark.directory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The feed fetcher against real HTTP servers on this machine. Addresses outside loopback are only ever classified
 * here, never connected to: the fetcher refuses them before it opens a socket.
 */
class FeedFetcherTest {
    static final DirectorySettings ALLOW_PRIVATE = new DirectorySettings(null, 2_000L, Duration.ofMillis(700), true,
            null, null);
    /** The real rule, except that 127.0.0.2 stands in for a public server (nothing public is reachable here). */
    static final Function<InetAddress, Optional<String>> PUBLIC_127_0_0_2 = a -> a.getHostAddress()
            .equals("127.0.0.2") ? Optional.empty() : FeedFetcher.whyPrivate(a);

    final WireMockServer local = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    WireMockServer standIn;

    @AfterEach
    void tearDown() {
        local.stop();
        if (standIn != null) {
            standIn.stop();
        }
    }

    static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    /** An IPv6 address kept as IPv6 even when Java would read it as IPv4 (mapped forms). */
    static InetAddress ip6(String v4) throws Exception {
        return Inet6Address.getByAddress(null, mapped(InetAddress.getByName(v4).getAddress()), -1);
    }

    static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    static ResponseStatusException refusal(FeedFetcher fetcher, String url) {
        return catchThrowableOfType(ResponseStatusException.class, () -> fetcher.fetch(url));
    }

    @Test
    void internalAddressesAreRefusedAndPublicOnesAreNot() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "127.9.9.9", "0.0.0.0", "0.1.2.3", "10.0.0.1",
            "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "100.127.255.254", "192.0.0.8", "198.18.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::", "::1",
            "fe80::1", "fec0::1", "fc00::1", "fd12:3456::1", "ff02::1", "::127.0.0.1", "64:ff9b::a00:1",
            "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:c0a8:101::1"}) {
            assertThat(FeedFetcher.whyPrivate(ip(internal))).as(internal).isPresent();
        }
        for (String mapped : new String[] {"127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.1", "100.64.1.1"}) {
            assertThat(FeedFetcher.whyPrivate(ip6(mapped))).as("::ffff:" + mapped).get().asString()
                    .startsWith("an IPv6 form of an IPv4 address");
        }
        for (String open : new String[] {"93.184.216.34", "8.8.8.8", "100.128.0.1", "100.63.255.255", "172.32.0.1",
            "172.15.255.255", "192.169.0.1", "2606:4700::1111", "2a00:1450:4009::200e", "64:ff9b::808:808",
            "2002:808:808::1"}) {
            assertThat(FeedFetcher.whyPrivate(ip(open))).as(open).isEmpty();
        }
        assertThat(FeedFetcher.whyPrivate(ip("169.254.169.254"))).get().asString().contains("link-local");
        assertThat(FeedFetcher.whyPrivate(ip("fd00::1"))).get().asString().contains("unique local");
        assertThat(FeedFetcher.whyPrivate(ip("100.100.100.200"))).get().asString().contains("carrier-grade NAT");
    }

    @Test
    void byDefaultThisMachineAndCloudMetadataAreRefusedWithoutConnecting() {
        local.start();
        local.stubFor(get(urlEqualTo("/services")).willReturn(aResponse().withBody("[]")));
        FeedFetcher fetcher = new FeedFetcher(DirectorySettings.defaults());

        assertThat(refusal(fetcher, "http://127.0.0.1:" + local.port() + "/services").getReason())
                .contains("'127.0.0.1'", "loopback");
        assertThat(refusal(fetcher, "http://localhost:" + local.port() + "/services").getReason())
                .contains("'localhost'", "loopback");
        assertThat(refusal(fetcher, "http://[::1]:" + local.port() + "/services").getReason()).contains("loopback");
        assertThat(refusal(fetcher, "http://169.254.169.254/latest/meta-data/").getReason())
                .contains("169.254.169.254", "link-local", "import-allow-private-hosts");
        assertThat(refusal(fetcher, "http://[::ffff:127.0.0.1]:" + local.port() + "/").getReason())
                .contains("loopback");
        assertThat(refusal(fetcher, "http://" + local.port() + "@127.0.0.1:" + local.port() + "/").getReason())
                .contains("user name or password");
        assertThat(local.getAllServeEvents()).isEmpty();
    }

    @Test
    void aHostWithAnyInternalAddressIsRefused() {
        standIn = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.2"));
        standIn.start();
        standIn.stubFor(get(urlEqualTo("/services")).willReturn(aResponse().withBody("[]")));
        FeedFetcher fetcher = new FeedFetcher(DirectorySettings.defaults(), host -> new InetAddress[] {
            InetAddress.getByName("127.0.0.2"), InetAddress.getByName("10.0.0.7")}, PUBLIC_127_0_0_2);

        ResponseStatusException e = refusal(fetcher, "http://feed.example.org:" + standIn.port() + "/services");

        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.getReason()).contains("'feed.example.org'", "10.0.0.7", "private");
        assertThat(standIn.getAllServeEvents()).isEmpty();
    }

    @Test
    void aRedirectToThisMachineIsRefusedBeforeItIsFollowed() {
        local.start();
        local.stubFor(get(urlEqualTo("/services")).willReturn(aResponse().withBody("[]")));
        standIn = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.2"));
        standIn.start();
        standIn.stubFor(get(urlEqualTo("/feed")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + local.port() + "/services")));
        FeedFetcher fetcher = new FeedFetcher(DirectorySettings.defaults(), InetAddress::getAllByName,
                PUBLIC_127_0_0_2);

        ResponseStatusException e = refusal(fetcher, "http://127.0.0.2:" + standIn.port() + "/feed");

        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e.getReason()).contains("redirected", "127.0.0.1", "loopback");
        assertThat(standIn.getAllServeEvents()).hasSize(1);
        assertThat(local.getAllServeEvents()).isEmpty();
    }

    @Test
    void whenAllowedItFollowsAFewRedirectsAndReadsPlainAndDribbledBodies() {
        local.start();
        String body = "{\"contents\":[" + "{\"id\":\"x\"},".repeat(40) + "{\"id\":\"y\"}]}";
        local.stubFor(get(urlEqualTo("/plain")).willReturn(aResponse().withBody(body)));
        local.stubFor(get(urlEqualTo("/chunked")).willReturn(aResponse().withBody(body)
                .withChunkedDribbleDelay(4, 40)));
        local.stubFor(get(urlEqualTo("/r1")).willReturn(aResponse().withStatus(301).withHeader("Location", "/r2")));
        local.stubFor(get(urlEqualTo("/r2")).willReturn(aResponse().withStatus(307).withHeader("Location",
                local.baseUrl() + "/r3")));
        local.stubFor(get(urlEqualTo("/r3")).willReturn(aResponse().withStatus(302).withHeader("Location",
                "plain")));
        local.stubFor(get(urlEqualTo("/r0")).willReturn(aResponse().withStatus(302).withHeader("Location", "/r1")));
        FeedFetcher fetcher = new FeedFetcher(ALLOW_PRIVATE);

        assertThat(new String(fetcher.fetch(local.baseUrl() + "/plain"), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(new String(fetcher.fetch(local.baseUrl() + "/chunked"), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(new String(fetcher.fetch(local.baseUrl() + "/r1"), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(refusal(fetcher, local.baseUrl() + "/r0").getReason()).contains("redirected more than 3");
    }

    @Test
    void theHostIsResolvedOnceAndOnlyTheCheckedAddressIsConnectedTo() {
        local.start();
        local.stubFor(get(urlEqualTo("/services")).willReturn(aResponse().withBody("[\"local\"]")));
        standIn = new WireMockServer(options().dynamicPort().port(0).bindAddress("127.0.0.2"));
        standIn.start();
        standIn.stubFor(get(urlEqualTo("/services")).willReturn(aResponse().withBody("[\"public\"]")));
        // a rebinding DNS: a public answer first, this machine after that
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        FeedFetcher fetcher = new FeedFetcher(DirectorySettings.defaults(), host -> new InetAddress[] {
            InetAddress.getByName(asked.getAndIncrement() == 0 ? "127.0.0.2" : "127.0.0.1")}, PUBLIC_127_0_0_2);

        assertThat(new String(fetcher.fetch("http://feed.example.org:" + standIn.port() + "/services"),
                StandardCharsets.UTF_8)).isEqualTo("[\"public\"]");
        assertThat(asked).hasValue(1);
        assertThat(local.getAllServeEvents()).isEmpty();
    }

    @Test
    void aPageThatIsNotJsonIsRefusedAndAFeedDribblingPastTheWholeDeadlineIsCutOff() throws Exception {
        local.start();
        local.stubFor(get(urlEqualTo("/login")).willReturn(aResponse().withHeader("Content-Type",
                "text/html; charset=utf-8").withBody("<html>Sign in</html>")));
        local.stubFor(get(urlEqualTo("/json")).willReturn(aResponse().withHeader("Content-Type",
                "application/vnd.oruk+json; charset=utf-8").withBody("[]")));
        FeedFetcher fetcher = new FeedFetcher(ALLOW_PRIVATE);

        ResponseStatusException html = refusal(fetcher, local.baseUrl() + "/login");
        assertThat(html.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(html.getReason()).contains("text/html", "not JSON");
        assertThat(fetcher.fetch(local.baseUrl() + "/json")).asString(StandardCharsets.UTF_8).isEqualTo("[]");
        long start = System.nanoTime();
        ResponseStatusException slow = refusal(fetcher, "http://127.0.0.1:" + dribbling() + "/");
        assertThat(slow.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(slow.getReason()).contains("took too long");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(7_000));
    }

    /**
     * Serves one connection a 20-byte body one byte every 400 ms: each read is within the 700 ms time-out, the
     * whole is past 6 x 700 ms. Returns the port.
     */
    static int dribbling() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (server; Socket s = server.accept()) {
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 20; i++) {
                    s.getOutputStream().write(i == 0 ? '[' : i == 19 ? ']' : ' ');
                    s.getOutputStream().flush();
                    Thread.sleep(400);
                }
            } catch (IOException | InterruptedException ignored) {
                // the fetcher hung up
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    /** Serves one connection with exactly these bytes after reading the request's head; returns the port. */
    static int oneResponse(byte[] response, StringBuilder request) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (server; Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                for (int b = in.read(), n = 0; b >= 0; b = in.read()) {
                    request.append((char) b);
                    n = b == '\r' || b == '\n' ? n + 1 : 0;
                    if (n == 4) {
                        break;
                    }
                }
                s.getOutputStream().write(response);
            } catch (IOException ignored) {
                // the test sees what arrived
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    @Test
    void readsChunkedAndGzippedBodiesAndSendsTheHostItWasGiven() throws Exception {
        FeedFetcher fetcher = new FeedFetcher(ALLOW_PRIVATE);
        StringBuilder request = new StringBuilder();
        int port = oneResponse(("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/json\r\n\r\n5;ext=1\r\n[{\"id\r\n6\r\n\":\"a\"}\r\n1\r\n]\r\n0\r\n"
                + "X-Trailer: t\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), request);

        assertThat(new String(fetcher.fetch("http://localhost:" + port + "/feed?page=2"), StandardCharsets.UTF_8))
                .isEqualTo("[{\"id\":\"a\"}]");
        assertThat(request.toString()).startsWith("GET /feed?page=2 HTTP/1.1\r\n")
                .contains("\r\nHost: localhost:" + port + "\r\n", "\r\nAccept: application/json\r\n")
                .contains("\r\nAccept-Encoding: gzip, deflate\r\n");

        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write("[{\"id\":\"b\"}]".getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.write(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + zipped.size()
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        response.write(zipped.toByteArray());
        int gzPort = oneResponse(response.toByteArray(), new StringBuilder());
        assertThat(new String(fetcher.fetch("http://127.0.0.1:" + gzPort + "/"), StandardCharsets.UTF_8))
                .isEqualTo("[{\"id\":\"b\"}]");

        // a small gzip that opens into more than the cap is stopped at the cap
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
            gz.write(new byte[100_000]);
        }
        ByteArrayOutputStream bombResponse = new ByteArrayOutputStream();
        bombResponse.write(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + bomb.size()
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        bombResponse.write(bomb.toByteArray());
        int bombPort = oneResponse(bombResponse.toByteArray(), new StringBuilder());
        assertThat(refusal(fetcher, "http://127.0.0.1:" + bombPort + "/").getStatusCode())
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void bigSlowFailingAndUntrustedFeedsAreRefused() {
        WireMockServer tls = new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
        local.start();
        tls.start();
        try {
            local.stubFor(get(urlEqualTo("/big")).willReturn(aResponse().withBody("x".repeat(2_001))));
            local.stubFor(get(urlEqualTo("/big-chunked")).willReturn(aResponse().withBody("x".repeat(5_000))
                    .withChunkedDribbleDelay(5, 20)));
            local.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withBody("[]").withFixedDelay(3_000)));
            local.stubFor(get(urlEqualTo("/gone")).willReturn(aResponse().withStatus(404)));
            tls.stubFor(get(urlEqualTo("/services")).willReturn(aResponse().withBody("[]")));
            FeedFetcher fetcher = new FeedFetcher(ALLOW_PRIVATE);

            assertThat(refusal(fetcher, local.baseUrl() + "/big").getStatusCode())
                    .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
            assertThat(refusal(fetcher, local.baseUrl() + "/big-chunked").getStatusCode())
                    .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
            assertThat(refusal(fetcher, local.baseUrl() + "/slow").getStatusCode())
                    .isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
            assertThat(refusal(fetcher, local.baseUrl() + "/gone").getReason()).contains("HTTP 404");
            // WireMock's own certificate is not one this JVM trusts: the handshake fails, nothing is read
            ResponseStatusException untrusted = refusal(fetcher, "https://localhost:" + tls.httpsPort() + "/services");
            assertThat(untrusted.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
            assertThat(untrusted.getReason()).contains("SSL");
            assertThat(refusal(fetcher, "ftp://127.0.0.1/feed").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        } finally {
            tls.stop();
        }
    }
}
