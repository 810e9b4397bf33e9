package org.waymark.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request's limits are counted by: {@link HttpServletRequest#getRemoteAddr()} after Tomcat's own
 * forwarded-header handling ({@code server.forward-headers-strategy}, {@code WAYMARK_FORWARD_HEADERS}: with
 * {@code native}, RemoteIpValve takes {@code X-Forwarded-For} only from a trusted proxy,
 * {@code server.tomcat.remoteip.internal-proxies}; with {@code none}, never). Nothing here reads
 * {@code X-Forwarded-For} itself: any client can write one. An IPv6 address counts as its /64 network, the block
 * one household or phone gets, so a client cannot step through its own block to escape a limit.
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        return normalise(request.getRemoteAddr());
    }

    /** The same for an address already read from a request (e.g. Spring Security's authentication details). */
    public static String normalise(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        String literal = address.strip();
        int scope = literal.indexOf('%');
        if (scope >= 0) {
            literal = literal.substring(0, scope);
        }
        if (literal.indexOf(':') < 0) {
            return literal;
        }
        try {
            // a literal is only parsed, never looked up
            InetAddress parsed = InetAddress.getByName(literal.startsWith("[") ? literal : "[" + literal + "]");
            if (!(parsed instanceof Inet6Address)) {
                return parsed.getHostAddress();
            }
            byte[] b = parsed.getAddress();
            StringBuilder net = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                net.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return net.append(":/64").toString();
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
