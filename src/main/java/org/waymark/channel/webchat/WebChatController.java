package org.waymark.channel.webchat;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;


import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import jakarta.servlet.http.HttpServletRequest;

import org.waymark.conversation.Conversations;
import org.waymark.conversation.Turn;
import org.waymark.conversation.UnknownSessionException;
import org.waymark.limits.ClientAddress;
import org.waymark.locale.Locales;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.messaging.OutboundMessage;
import org.waymark.practice.Practices;

/**
 * The widget's API. A session is created here; every later call carries its token ({@code X-Session-Token}, or
 * {@code ?token=} for the event stream, which browsers open without headers).
 */
@RestController
@RequestMapping("/api/webchat/sessions")
class WebChatController {
    static final int MAX_TEXT = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Conversations conversations;
    private final SessionTokens tokens;
    private final LiveStreams live;
    private final Practices practices;
    private final WebChatThrottle throttle;
    private final Locales locales;

    WebChatController(Conversations conversations, SessionTokens tokens, LiveStreams live, Practices practices,
                      WebChatThrottle throttle, Locales locales) {
        this.locales = locales;
        this.conversations = conversations;
        this.tokens = tokens;
        this.live = live;
        this.practices = practices;
        this.throttle = throttle;
    }

    record NewSession(String practice) {
    }

    /** {@code language}: the conversation's language after the call, for the widget's own labels. */
    record Created(String sessionId, String token, List<OutboundMessage> messages, String language) {
    }

    record PatientText(String text) {
    }

    record Messages(List<OutboundMessage> messages, String language) {
    }

    record LanguageChoice(String language) {
    }


    @PostMapping
    ResponseEntity<Created> create(@RequestBody(required = false) NewSession body, HttpServletRequest request) {
        String practice = body == null ? null : body.practice();
        if (practice != null && !practice.isBlank() && practices.byId(practice).isEmpty()) {
            throw new BadRequest(HttpStatus.BAD_REQUEST, "Unknown practice '" + practice
                    + "'. Leave it out for the default practice.");
        }
        throttle.newSession(ClientAddress.of(request), practice == null || practice.isBlank()
                ? practices.defaultPractice() : practices.byId(practice).orElseThrow());
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Turn turn = conversations.start(Channel.WEBCHAT, id, practice);
        return ResponseEntity.created(URI.create("/api/webchat/sessions/" + id))
                .body(new Created(id, tokens.tokenFor(id), turn.replies(),
                        conversations.languageOf(Channel.WEBCHAT, id)));
    }

    @PostMapping("/{id}/messages")
    Messages post(@PathVariable String id, @RequestHeader(value = "X-Session-Token", required = false) String token,
                  @RequestBody PatientText body) {
        checkToken(id, token);
        throttle.turn(id);
        String text = body == null || body.text() == null ? "" : body.text().strip();
        if (text.isEmpty()) {
            throw new BadRequest(HttpStatus.BAD_REQUEST, "The message is empty. Please type something to send.");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw new BadRequest(HttpStatus.CONTENT_TOO_LARGE, "The message is too long: please send up to "
                    + MAX_TEXT + " characters at a time.");
        }
        Turn turn = conversations.handle(new InboundMessage(Channel.WEBCHAT, id, null, text,
                UUID.randomUUID().toString()));
        return new Messages(turn.replies(), conversations.languageOf(Channel.WEBCHAT, id));
    }

    /** The widget's language switch: the conversation goes on in the language chosen. */
    @PostMapping("/{id}/language")
    Messages language(@PathVariable String id,
                      @RequestHeader(value = "X-Session-Token", required = false) String token,
                      @RequestBody(required = false) LanguageChoice body) {
        checkToken(id, token);
        throttle.turn(id);
        String code = body == null || body.language() == null ? "" : body.language().strip();
        if (!locales.speaks(code)) {
            throw new BadRequest(HttpStatus.BAD_REQUEST, "Unknown language '" + code + "'. Choose one of "
                    + locales.all().stream().map(Locales.Language::code).toList() + ".");
        }
        Turn turn = conversations.changeLanguage(Channel.WEBCHAT, id, code);
        return new Messages(turn.replies(), conversations.languageOf(Channel.WEBCHAT, id));
    }

    @GetMapping("/{id}/messages")
    Messages transcript(@PathVariable String id,
                        @RequestHeader(value = "X-Session-Token", required = false) String token) {
        checkToken(id, token);
        return new Messages(conversations.transcript(Channel.WEBCHAT, id),
                conversations.languageOf(Channel.WEBCHAT, id));
    }

    @GetMapping(value = "/{id}/events", produces = "text/event-stream")
    SseEmitter events(@PathVariable String id, @RequestParam(required = false) String token) {
        checkToken(id, token);
        conversations.transcript(Channel.WEBCHAT, id); // 404 for an unknown session, before the stream opens
        return live.open(id);
    }

    private void checkToken(String id, String token) {
        if (!tokens.valid(id, token)) {
            throw new BadRequest(HttpStatus.FORBIDDEN, "This conversation's token is missing or wrong. "
                    + "Please start a new conversation.");
        }
    }

    static final class BadRequest extends RuntimeException {
        final HttpStatus status;

        BadRequest(HttpStatus status, String detail) {
            super(detail);
            this.status = status;
        }
    }

    @ExceptionHandler(BadRequest.class)
    ProblemDetail badRequest(BadRequest e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
        p.setTitle(e.status.getReasonPhrase());
        return p;
    }

    @ExceptionHandler(UnknownSessionException.class)
    ProblemDetail unknown(UnknownSessionException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Conversation not found");
        return p;
    }
}
