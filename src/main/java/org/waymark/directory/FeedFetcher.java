package org.waymark.directory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.DeflateInputStreamFactory;
import org.apache.hc.client5.http.entity.GZIPInputStreamFactory;
import org.apache.hc.client5.http.entity.InputStreamFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Fetches an Open Referral UK feed for import by URL, on Apache HttpClient 5, without letting the URL reach this
 * server itself or its network (server-side request forgery).
 *
 * <p>The host is resolved once, by the client's {@link DnsResolver}, and refused if any of its addresses is
 * loopback, unspecified, link-local (cloud metadata at 169.254.169.254), private (10/8, 172.16/12, 192.168/16),
 * carrier-grade NAT (100.64/10), IPv6 unique local (fc00::/7) or site-local, multicast, reserved, or an IPv6 form of
 * such an IPv4 address (mapped, compatible, NAT64, 6to4). The resolver hands the client only those checked
 * addresses, and the client connects to nothing else, so DNS cannot answer differently between the check and the
 * connection (rebinding); for https TLS still sends the host name as SNI and checks the certificate against it.
 * Redirects are followed here, not by the client, at most {@link #MAX_REDIRECTS}, each new host checked the same
 * way. No proxy, cookies, retries or credentials. Only a 200 with a JSON content type (or none) is read; the body is
 * capped at {@code waymark.directory.import-max-bytes} (after any gzip), read as it streams and stopped at the cap;
 * connecting and each read time out after {@code import-timeout}, and the whole fetch is cancelled after
 * {@link #WHOLE_FETCH_TIMEOUTS} times that.
 *
 * <p>{@code waymark.directory.import-allow-private-hosts} turns the address check off, for tests and development
 * against a feed on this machine; nothing else changes.
 */
final class FeedFetcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedFetcher.class);

    static final int MAX_REDIRECTS = 3;
    static final int WHOLE_FETCH_TIMEOUTS = 6;

    /** Turns a host name into its addresses (the system resolver, or a fixed answer in tests). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final DirectorySettings settings;
    private final CloseableHttpClient client;

    FeedFetcher(DirectorySettings settings) {
        this(settings, InetAddress::getAllByName, FeedFetcher::whyPrivate);
    }

    /**
     * For tests: another resolver, and another rule for which addresses are refused (say, the real rule with one
     * loopback address standing in for a public server).
     */
    FeedFetcher(DirectorySettings settings, Resolver resolver, Function<InetAddress, Optional<String>> whyRefused) {
        this.settings = settings;
        Timeout timeout = Timeout.of(settings.importTimeout());
        // gzip and deflate only, not the exotic codings the client would add with commons-compress on the classpath
        LinkedHashMap<String, InputStreamFactory> decoders = new LinkedHashMap<>();
        decoders.put("gzip", GZIPInputStreamFactory.getInstance());
        decoders.put("deflate", DeflateInputStreamFactory.getInstance());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new Vetting(resolver, settings.importAllowPrivateHosts() ? a -> Optional.empty()
                                : whyRefused))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).setTimeToLive(TimeValue.ofMinutes(1)).build())
                        .setMaxConnPerRoute(2).setMaxConnTotal(8).build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout).setRedirectsEnabled(false).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setContentDecoderRegistry(decoders)
                .setUserAgent("Waymark directory import")
                .setDefaultHeaders(List.of(new BasicHeader(HttpHeaders.ACCEPT, "application/json")))
                .build();
    }

    /** The most one response may be ({@code import-max-bytes}). */
    long maxBytes() {
        return settings.importMaxBytes();
    }

    @Override
    public void close() throws IOException {
        client.close();
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

    /** One GET; the client reaches the host only at the addresses {@link Vetting} let through. */
    private Response get(URI uri, String what, long deadline) {
        String host = bare(uri.getHost());
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        HttpGet request = new HttpGet(uri);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw tooLong();
        }
        request.setConfig(RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(settings.importTimeout()))
                .setResponseTimeout(Timeout.ofMilliseconds(Math.max(1, Math.min(settings.importTimeout().toMillis(),
                        TimeUnit.NANOSECONDS.toMillis(left))))).setRedirectsEnabled(false).build());
        CompletableFuture<Void> timer = CompletableFuture.runAsync(request::cancel,
                CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS));
        try (ClassicHttpResponse response = client.executeOpen(new HttpHost(scheme, host, uri.getPort()), request,
                null)) {
            int status = response.getCode();
            if (status != 200) {
                Header location = response.getFirstHeader(HttpHeaders.LOCATION);
                Response r = new Response(status, location == null ? null : location.getValue(), new byte[0]);
                if (!r.isRedirect()) {
                    throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "The feed answered HTTP " + status);
                }
                return r;
            }
            return new Response(200, null, body(response.getEntity()));
        } catch (Refused e) {
            log.warn("Refused to fetch a feed from {}: {}", host, e.getMessage());
            throw bad(what + " '" + host + "' " + e.getMessage());
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0 || request.isCancelled()) {
                throw tooLong();
            }
            if (e instanceof InterruptedIOException) {
                throw new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "The feed did not answer in time");
            }
            if (e instanceof HttpHostConnectException) {
                throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Could not connect to the feed's server");
            }
            Throwable cause = e instanceof SSLException || e.getCause() == null ? e : e.getCause();
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Could not read the feed: "
                    + cause.getClass().getSimpleName());
        } finally {
            timer.cancel(false); // done in time: the request is not cancelled after all
        }
    }

    /** The body, read as it streams and stopped past the cap (which counts what gzip opens into). */
    private byte[] body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        String type = entity.getContentType();
        if (type != null && !type.isBlank() && !json(type)) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "The feed answered " + type.strip()
                    + ", not JSON");
        }
        long max = settings.importMaxBytes();
        if (entity.getContentLength() > max && entity.getContentEncoding() == null) {
            throw tooLarge(max);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = entity.getContent()) {
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > max) {
                    throw tooLarge(max);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** application/json, any {@code +json} type, or text/json. */
    private static boolean json(String contentType) {
        String mime;
        try {
            mime = ContentType.parse(contentType).getMimeType().toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            return false;
        }
        return mime.equals("application/json") || mime.equals("text/json") || mime.endsWith("+json");
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The one place a host becomes addresses: all of them allowed, or {@link Refused} naming the first that is not. */
    private record Vetting(Resolver resolver, Function<InetAddress, Optional<String>> whyRefused)
            implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] all;
            try {
                all = resolver.resolve(host);
            } catch (UnknownHostException e) {
                all = null;
            }
            if (all == null || all.length == 0) {
                throw new Refused("could not be found");
            }
            for (InetAddress a : all) {
                Optional<String> why = whyRefused.apply(a);
                if (why.isPresent()) {
                    throw new Refused("is " + a.getHostAddress() + ", " + why.get()
                            + ": feeds are not fetched from this server or its private network"
                            + " (waymark.directory.import-allow-private-hosts)");
                }
            }
            return all.clone();
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host; // only asked for by Kerberos, which is not used
        }
    }

    /** A host refused before any connection was opened to it; the message is what is wrong with it. */
    private static final class Refused extends UnknownHostException {
        Refused(String why) {
            super(why);
        }
    }

    private static ResponseStatusException tooLarge(long max) {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                "The feed is larger than " + max + " bytes (waymark.directory.import-max-bytes)");
    }

    private static ResponseStatusException tooLong() {
        return new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "Fetching the feed took too long");
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
