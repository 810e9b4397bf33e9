package org.waymark.channel.sms;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import org.waymark.store.RedisHealth;

import jakarta.servlet.http.HttpServletRequest;

/** Twilio's webhooks (public, signed) and the link workers' list of SMS that did not arrive. */
@RestController
class TwilioWebhook {
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhook.class);
    /** UTF-8 said outright: Bengali (or any text outside Latin-1) would otherwise reach Twilio as question marks. */
    static final MediaType XML = new MediaType(MediaType.APPLICATION_XML, java.nio.charset.StandardCharsets.UTF_8);

    private final TwilioSignature signature;
    private final SmsInbound inbound;
    private final SmsDeliveries deliveries;
    private final SmsSpool spool;

    TwilioWebhook(TwilioSignature signature, SmsInbound inbound, SmsDeliveries deliveries, SmsSpool spool) {
        this.signature = signature;
        this.inbound = inbound;
        this.deliveries = deliveries;
        this.spool = spool;
    }

    @PostMapping("/twilio/sms")
    ResponseEntity<?> sms(HttpServletRequest request) {
        if (!signature.valid(request)) {
            return forged(request);
        }
        Map<String, String> form = TwilioSignature.formParams(request);
        String sid = form.get("MessageSid");
        String from = form.get("From");
        String to = form.get("To");
        String body = form.get("Body");
        if (blank(sid) || blank(from) || blank(to) || body == null) {
            return problem(HttpStatus.BAD_REQUEST, "Malformed SMS webhook",
                    "An SMS webhook needs MessageSid, From, To and Body form fields.");
        }
        SmsInbound.Sms sms = new SmsInbound.Sms(sid, from.trim(), to.trim(), body, parseInt(form.get("NumMedia")));
        try {
            if (heldBehindOthers(sms)) {
                return ResponseEntity.ok().contentType(XML).body(TwiML.messages(List.of(HOLDING)));
            }
            SmsInbound.Answer answer = inbound.receive(sms);
            return ResponseEntity.ok().contentType(XML).body(answer.twiml());
        } catch (RuntimeException e) {
            if (RedisHealth.isOutage(e)) {
                return keep(sms, e);
            }
            if (!(e instanceof IllegalStateException)) {
                throw e;
            }
            log.error("SMS {} not handled: {}", sid, e.getMessage());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "SMS not handled", e.getMessage());
        }
    }

    /** While texts from an outage still wait, a new one joins them, so each patient is answered in order. */
    private boolean heldBehindOthers(SmsInbound.Sms sms) {
        try {
            if (spool.holdIfBehind(sms)) {
                log.info("SMS {} from {} kept behind the texts still waiting from a Redis outage",
                        sms.messageSid(), PhoneNumbers.masked(sms.from()));
                return true;
            }
            return false;
        } catch (IOException e) {
            log.error("SMS {} could not be kept on disk ({}): handled now, out of turn", sms.messageSid(),
                    e.toString());
            return false;
        }
    }

    /**
     * Redis is down: the text is kept on this node's disk and answered when Redis is back; Twilio gets its 200 with
     * a holding reply that gives the urgent numbers (a patient in crisis must not wait on silence), so it neither
     * retries nor calls a fallback.
     */
    private ResponseEntity<?> keep(SmsInbound.Sms sms, RuntimeException outage) {
        try {
            spool.hold(sms);
        } catch (IOException e) {
            log.error("SMS {} could not be kept on disk while Redis is down ({}): Twilio will call the fallback "
                    + "URL if one is set", sms.messageSid(), e.toString());
            throw outage;
        }
        log.warn("SMS {} from {} kept in the spool until Redis is back", sms.messageSid(),
                PhoneNumbers.masked(sms.from()));
        return ResponseEntity.ok().contentType(XML).body(TwiML.messages(List.of(HOLDING)));
    }

    /** GSM-7 and one segment. */
    static final String HOLDING = "Thank you, we have your message and will reply as soon as we can. "
            + "If you need help urgently call 111, or 999 in an emergency.";

    @PostMapping("/twilio/status")
    ResponseEntity<?> status(HttpServletRequest request) {
        if (!signature.valid(request)) {
            return forged(request);
        }
        Map<String, String> form = TwilioSignature.formParams(request);
        String sid = form.get("MessageSid");
        if (blank(sid) || blank(form.get("MessageStatus"))) {
            return problem(HttpStatus.BAD_REQUEST, "Malformed status callback",
                    "A status callback needs MessageSid and MessageStatus form fields.");
        }
        if (!deliveries.callback(sid, form.get("MessageStatus"), form.get("ErrorCode"))) {
            log.debug("Status {} for unknown or uninteresting message {}", form.get("MessageStatus"), sid);
        }
        return ResponseEntity.noContent().build();
    }

    /** WORKER role, enforced by the API security chain. */
    @GetMapping("/api/sms/failed")
    List<SmsDelivery> failed() {
        return deliveries.failed();
    }

    private static ResponseEntity<ProblemDetail> forged(HttpServletRequest request) {
        log.warn("Rejected {} without a valid Twilio signature", request.getRequestURI());
        return problem(HttpStatus.FORBIDDEN, "Invalid Twilio signature",
                "The X-Twilio-Signature header is missing or does not match this request.");
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
