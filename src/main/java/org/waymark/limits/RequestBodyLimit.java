package org.waymark.limits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.InvalidParameterException;

/**
 * Caps every request body before it is read: a declared {@code Content-Length} over the route's cap is answered
 * 413 at once, without reading a byte of the body (Tomcat then closes the connection rather than swallow the
 * rest); a chunked body is counted as it is read and stops with {@link BodyTooLarge} one byte past the cap. A
 * chunked form post is parsed by Tomcat itself, up to {@code server.tomcat.max-http-form-post-size}, which is set to
 * the general cap. Routes are matched on the raw path: any other spelling of a route gets the general cap.
 */
final class RequestBodyLimit extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimit.class);
    static final String IMPORT = "/api/directory/import";

    private final HttpSettings settings;
    private final long importMax;

    RequestBodyLimit(HttpSettings settings, long importMax) {
        this.settings = settings;
        this.importMax = importMax;
    }

    /** The cap and what to call the route in the answer. */
    record Cap(long max, String what) {
    }

    Cap capFor(String path) {
        if (path.equals(IMPORT)) {
            return new Cap(importMax, "a directory import (WAYMARK_DIRECTORY_IMPORT_MAX_BYTES)");
        }
        if (path.startsWith("/api/webchat/") || path.equals("/api/webchat") || path.equals("/api/nlu/parse")) {
            return new Cap(settings.maxChatBody().toBytes(), "a chat request");
        }
        if (path.startsWith("/twilio/")) {
            return new Cap(settings.maxWebhookBody().toBytes(), "a Twilio webhook");
        }
        return new Cap(settings.maxBody().toBytes(), "a request here");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Cap cap = capFor(request.getRequestURI().substring(request.getContextPath().length()));
        long length = request.getContentLengthLong();
        if (length > cap.max()) {
            refuse(request, response, new BodyTooLarge(cap.max(), cap.what()));
            return;
        }
        if (length >= 0 || request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response);
            return;
        }
        if (isForm(request)) {
            try {
                request.getParameterMap(); // Tomcat reads a chunked form up to its own cap, here rather than later
            } catch (InvalidParameterException e) {
                if (e.getErrorCode() == 413) {
                    refuse(request, response, new BodyTooLarge(settings.maxBody().toBytes(), "a form"));
                    return;
                }
                throw e;
            }
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(new Counted(request, cap), response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (BodyTooLarge.in(e).isEmpty() || response.isCommitted()) {
                throw e;
            }
            refuse(request, response, BodyTooLarge.in(e).get());
        }
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT)
                .startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, BodyTooLarge e)
            throws IOException {
        // the route in words, not the path: a web chat path carries the session id
        log.warn("Refused a {} body over {} bytes to {}", request.getMethod(), e.max(), e.what());
        response.setHeader("Connection", "close");
        ProblemResponses.write(response, e.problem(), null);
    }

    /** A request whose body stream throws {@link BodyTooLarge} once more than the cap was read. */
    private static final class Counted extends HttpServletRequestWrapper {
        private final Cap cap;
        private ServletInputStream stream;

        Counted(HttpServletRequest request, Cap cap) {
            super(request);
            this.cap = cap;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), cap);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final Cap cap;
        private long count;

        CountingStream(ServletInputStream in, Cap cap) {
            this.in = in;
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = in.read(buffer, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws BodyTooLarge {
            count += n;
            if (count > cap.max()) {
                throw new BodyTooLarge(cap.max(), cap.what());
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
