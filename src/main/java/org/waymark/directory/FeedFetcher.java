package org.waymark.directory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Fetches an Open Referral UK feed for import by URL without letting the URL reach this server itself or its
 * network (server-side request forgery).
 *
 * <p>The host is resolved once and refused if any of its addresses is loopback, unspecified, link-local (cloud
 * metadata at 169.254.169.254), private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), IPv6 unique
 * local (fc00::/7) or site-local, multicast, reserved, or an IPv6 form of such an IPv4 address (mapped, compatible,
 * NAT64, 6to4). The connection is then made to those very addresses, never by name again, so DNS cannot answer
 * differently between the check and the connection (rebinding); for https the certificate is still checked
 * against the host name, which is also sent as SNI and in the Host header. Redirects are followed by hand, at most
 * {@link #MAX_REDIRECTS}, each new host checked the same way. The body is capped at
 * {@code waymark.directory.import-max-bytes} (after any gzip), connecting and each read time out after
 * {@code import-timeout}, and the whole fetch after {@link #WHOLE_FETCH_TIMEOUTS} times that.
 *
 * <p>{@code waymark.directory.import-allow-private-hosts} turns the address check off, for tests and development
 * against a feed on this machine; nothing else changes.
 */
final class FeedFetcher {
    private static final Logger log = LoggerFactory.getLogger(FeedFetcher.class);

    static final int MAX_REDIRECTS = 3;
    static final int WHOLE_FETCH_TIMEOUTS = 6;
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    /** Turns a host name into its addresses (the system resolver, or a fixed answer in tests). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final DirectorySettings settings;
    private final Resolver resolver;
    private final Function<InetAddress, Optional<String>> whyRefused;

    FeedFetcher(DirectorySettings settings) {
        this(settings, InetAddress::getAllByName, FeedFetcher::whyPrivate);
    }

    /**
     * For tests: another resolver, and another rule for which addresses are refused (say, the real rule with one
     * loopback address standing in for a public server).
     */
    FeedFetcher(DirectorySettings settings, Resolver resolver, Function<InetAddress, Optional<String>> whyRefused) {
        this.settings = settings;
        this.resolver = resolver;
        this.whyRefused = whyRefused;
    }

    /** The feed's body. Throws {@link ResponseStatusException}: 400 for a URL refused, 502/504/413 otherwise. */
    byte[] fetch(String url) {
        long deadline = System.nanoTime() + settings.importTimeout().multipliedBy(WHOLE_FETCH_TIMEOUTS).toNanos();
        URI uri = parse(url);
        for (int hop = 0; ; hop++) {
            Response response = get(uri, hop == 0 ? "The feed URL's host" : "The feed redirected to host", deadline);
            if (response.isRedirect()) {
                if (hop >= MAX_REDIRECTS) {
                    throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
                            "The feed redirected more than " + MAX_REDIRECTS + " times");
                }
                uri = redirect(uri, response.location());
                continue;
            }
            if (response.status() != 200) {
                throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "The feed answered HTTP " + response.status());
            }
            return response.body();
        }
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw bad("The feed URL is not a valid URL");
        }
        return checked(uri, "The feed URL");
    }

    private static URI redirect(URI from, String location) {
        if (location == null || location.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "The feed redirected without a Location");
        }
        URI to;
        try {
            to = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "The feed redirected to an invalid URL");
        }
        return checked(to, "The feed redirected to a URL that");
    }

    private static URI checked(URI uri, String what) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw bad(what + (what.endsWith("that") ? " is not" : " must be") + " an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw bad(what + (what.endsWith("that") ? " has" : " must not have") + " a user name or password in it");
        }
        return uri;
    }

    private record Response(int status, String location, byte[] body) {
        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }
    }

    /** One GET, to the addresses the host had when it was checked. */
    private Response get(URI uri, String what, long deadline) {
        String host = bare(uri.getHost());
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        List<InetAddress> addresses = vetted(host, what);
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), timeout(deadline));
            } catch (IOException e) {
                close(socket);
                last = e;
                continue;
            }
            try (Socket s = https ? tls(socket, host, port) : socket) {
                return exchange(s, uri, deadline);
            } catch (SocketTimeoutException e) {
                throw new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "The feed did not answer in time");
            } catch (IOException e) {
                throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Could not read the feed: "
                        + e.getClass().getSimpleName());
            }
        }
        if (last instanceof SocketTimeoutException) {
            throw new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "The feed's server did not answer in time");
        }
        throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Could not connect to the feed's server");
    }

    /** The host's addresses, all of them allowed, or a 400 naming the first that is not. */
    private List<InetAddress> vetted(String host, String what) {
        InetAddress[] all;
        try {
            all = resolver.resolve(host);
        } catch (UnknownHostException e) {
            all = null;
        }
        if (all == null || all.length == 0) {
            throw bad(what + " '" + host + "' could not be found");
        }
        if (!settings.importAllowPrivateHosts()) {
            for (InetAddress a : all) {
                Optional<String> why = whyRefused.apply(a);
                if (why.isPresent()) {
                    log.warn("Refused to fetch a feed from {} ({}): {}", host, a.getHostAddress(), why.get());
                    throw bad(what + " '" + host + "' is " + a.getHostAddress() + ", " + why.get()
                            + ": feeds are not fetched from this server or its private network"
                            + " (waymark.directory.import-allow-private-hosts)");
                }
            }
        }
        return List.of(all);
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** TLS over the connected socket: SNI and the certificate check use the host name, not the address. */
    private static Socket tls(Socket socket, String host, int port) throws IOException {
        SSLSocket ssl;
        try {
            ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket(socket, host, port, true);
        } catch (NoSuchAlgorithmException e) {
            close(socket);
            throw new IOException(e);
        }
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isLiteral(host)) {
            try {
                params.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                // not a name SNI can carry: the certificate is still checked against it
            }
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return ssl;
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private Response exchange(Socket socket, URI uri, long deadline) throws IOException {
        socket.setSoTimeout(timeout(deadline));
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String hostHeader = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/json\r\n"
                + "Accept-Encoding: gzip\r\nUser-Agent: Waymark directory import\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = new Timed(new BufferedInputStream(socket.getInputStream()), socket, deadline,
                settings.importTimeout());
        Head head = head(in);
        if (head.status() != 200) {
            return new Response(head.status(), head.header("location"), new byte[0]);
        }
        long max = settings.importMaxBytes();
        String length = head.header("content-length");
        String encoding = Optional.ofNullable(head.header("transfer-encoding")).orElse("").toLowerCase(Locale.ROOT);
        InputStream body;
        if (encoding.contains("chunked")) {
            body = new Chunked(in);
        } else if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length");
            }
            if (n > max) {
                throw tooLarge(max);
            }
            body = new Limited(in, n);
        } else {
            body = in;
        }
        if ("gzip".equalsIgnoreCase(Optional.ofNullable(head.header("content-encoding")).orElse("").trim())) {
            body = new GZIPInputStream(body);
        }
        return new Response(200, null, readCapped(body, max));
    }

    private record Head(int status, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** The status and headers, skipping interim (1xx) responses. */
    private static Head head(InputStream in) throws IOException {
        for (int interim = 0; interim < 10; interim++) {
            Head head = oneHead(in);
            if (head.status() >= 200) {
                return head;
            }
        }
        throw new IOException("too many interim responses");
    }

    private static Head oneHead(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String statusLine = line(in, budget);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line");
        }
        Map<String, String> headers = new HashMap<>();
        for (String l = line(in, budget); !l.isEmpty(); l = line(in, budget)) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        return new Head(status, headers);
    }

    /** One header line without its CRLF, counting against the head's budget. */
    private static String line(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed mid-header");
            }
            if (--budget[0] < 0) {
                throw new IOException("headers too long");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readCapped(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > max) {
                throw tooLarge(max);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static ResponseStatusException tooLarge(long max) {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                "The feed is larger than " + max + " bytes (waymark.directory.import-max-bytes)");
    }

    private static int timeout(long deadline) {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
            throw new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "Fetching the feed took too long");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing was sent on it
        }
    }

    /** Each read waits at most the import time-out, and never past the whole fetch's deadline. */
    private static final class Timed extends FilterInputStream {
        private final Socket socket;
        private final long deadline;
        private final int perRead;

        Timed(InputStream in, Socket socket, long deadline, Duration perRead) {
            super(in);
            this.socket = socket;
            this.deadline = deadline;
            this.perRead = (int) Math.min(Integer.MAX_VALUE, perRead.toMillis());
        }

        private void arm() throws IOException {
            socket.setSoTimeout(Math.min(perRead, timeout(deadline)));
        }

        @Override
        public int read() throws IOException {
            arm();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return super.read(b, off, len);
        }
    }

    /** Exactly {@code length} bytes, then the end. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** HTTP/1.1 chunked transfer coding (RFC 9112 section 7.1), trailers skipped. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        private boolean next() throws IOException {
            if (done) {
                return false;
            }
            if (left == 0) {
                int[] budget = {MAX_HEAD_BYTES};
                String size = line(in, budget);
                int semicolon = size.indexOf(';');
                try {
                    left = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size");
                }
                if (left < 0) {
                    throw new IOException("bad chunk size");
                }
                if (left == 0) {
                    for (String trailer = line(in, budget); !trailer.isEmpty(); trailer = line(in, budget)) {
                        // trailers carry nothing we use
                    }
                    done = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!next()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection closed mid-chunk");
            }
            left -= n;
            if (left == 0) {
                int[] budget = {2};
                if (!line(in, budget).isEmpty()) {
                    throw new IOException("bad chunk end");
                }
            }
            return n;
        }
    }

    /**
     * Why an address is one a feed must not be fetched from (this machine, its private network, or no real
     * host), or empty for an ordinary public address.
     */
    static Optional<String> whyPrivate(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            Optional<byte[]> v4 = embeddedIpv4(b);
            if (v4.isPresent()) {
                try {
                    return whyPrivate(InetAddress.getByAddress(v4.get()))
                            .map(why -> "an IPv6 form of an IPv4 address that is " + why);
                } catch (UnknownHostException e) {
                    return Optional.of("an address that cannot be read");
                }
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("a unique local IPv6 address (fc00::/7)");
            }
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of("the unspecified (any-local) address");
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("a loopback address (this server)");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("a link-local address (such as a cloud metadata service)");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("a private (site-local) address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("in 0.0.0.0/8 (this network)");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("a carrier-grade NAT address (100.64.0.0/10)");
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return Optional.of("an IETF protocol address (192.0.0.0/24)");
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("a benchmarking address (198.18.0.0/15)");
            }
            if (first >= 240) {
                return Optional.of("a reserved or broadcast address (240.0.0.0/4)");
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) one. */
    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean zero0to9 = true;
        for (int i = 0; i < 10; i++) {
            zero0to9 &= b[i] == 0;
        }
        boolean mapped = zero0to9 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zero0to9 && b[10] == 0 && b[11] == 0
                && ((b[12] | b[13] | b[14]) != 0 || (b[15] & 0xff) > 1);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (mapped || compatible || nat64) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return Optional.empty();
    }

    private static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
