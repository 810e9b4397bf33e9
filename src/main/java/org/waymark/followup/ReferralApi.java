package org.waymark.followup;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import org.waymark.conversation.Conversations;
import org.waymark.conversation.UnknownSessionException;
import org.waymark.messaging.Channel;
import org.waymark.messaging.OutboundMessage;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;

import tools.jackson.databind.json.JsonMapper;

/**
 * Referral records out: for the practice's records system ({@code GET /api/referrals}, link workers), and one
 * patient's data for an administrator (subject access, erasure) at {@code /workers/admin/patients}.
 */
@Controller
class ReferralApi {
    private static final Logger log = LoggerFactory.getLogger(ReferralApi.class);
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String PATIENTS = "workers/admin/patients";

    private final Referrals referrals;
    private final Conversations conversations;
    private final Practices practices;
    private final JsonMapper json;
    private final Clock clock;

    ReferralApi(Referrals referrals, Conversations conversations, Practices practices, JsonMapper json, Clock clock) {
        this.referrals = referrals;
        this.conversations = conversations;
        this.practices = practices;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/api/referrals")
    ResponseEntity<?> referrals(@RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                @RequestParam(required = false) String practice,
                                @RequestParam(defaultValue = "json") String format) {
        Practice p = practice == null || practice.isBlank() ? practices.defaultPractice()
                : practices.byId(practice).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "No practice with id '" + practice + "'."));
        LocalDate end = date(to, "to", LocalDate.now(clock.withZone(LONDON)));
        LocalDate start = date(from, "from", end.minusDays(29));
        if (start.isAfter(end)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'from' must not be after 'to'.");
        }
        List<Referral> list = referrals.between(p.id(), start.atStartOfDay(LONDON).toInstant(),
                end.plusDays(1).atStartOfDay(LONDON).toInstant());
        return switch (format) {
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(list.stream().map(r -> ReferralRecords.json(r, referrals.pseudonym(r))).toList());
            case "csv" -> ResponseEntity.ok()
                    .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"waymark-referrals-" + p.id()
                            + "-" + start + "-to-" + end + ".csv\"")
                    .body(ReferralRecords.csv(list, referrals::pseudonym).getBytes(StandardCharsets.UTF_8));
            default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "'format' must be json or csv.");
        };
    }

    private static LocalDate date(String text, String name, LocalDate otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + name
                    + "' must be a date like 2026-01-31.");
        }
    }

    // ---- one patient's data (administrators) -----------------------------------------------------------------------

    @GetMapping("/workers/admin/patients")
    String patients(Model model) {
        model.addAttribute("nav", "admin");
        return PATIENTS;
    }

    /** Everything Waymark holds on one patient, as a JSON download (subject access request). */
    @PostMapping("/workers/admin/patients/export")
    ResponseEntity<byte[]> export(@RequestParam String channel, @RequestParam String address, Principal who) {
        Channel c = channel(channel);
        String a = address(c, address);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", c.code());
        out.put("address", a);
        out.put("exportedAt", clock.instant().toString());
        List<OutboundMessage> transcript;
        try {
            transcript = conversations.transcript(c, a);
        } catch (UnknownSessionException e) {
            transcript = List.of();
        }
        out.put("conversation", transcript);
        out.put("referrals", referrals.ofPatient(c, a).stream()
                .map(r -> ReferralRecords.json(r, referrals.pseudonym(r))).toList());
        log.info("Subject access export by {} for patient {}", who == null ? "?" : who.getName(),
                referrals.pseudonym(c, a).substring(0, 8));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"waymark-patient-data.json\"")
                .body(json.writeValueAsBytes(out));
    }

    @PostMapping("/workers/admin/patients/erase")
    String erase(@RequestParam String channel, @RequestParam String address,
                 @RequestParam(required = false) String confirm, Principal who, Model model) {
        Channel c = channel(channel);
        String a = address(c, address);
        model.addAttribute("nav", "admin");
        if (!"erase".equalsIgnoreCase(confirm == null ? "" : confirm.trim())) {
            model.addAttribute("error", "Type ERASE to confirm. Nothing was deleted.");
            model.addAttribute("channel", c.code());
            return PATIENTS;
        }
        int records = referrals.ofPatient(c, a).size();
        // the referral records go with the rest, when the conversation announces the erasure (FollowUps)
        int sessions = conversations.forget(c, a, who.getName());
        log.info("Patient {} erased by an administrator: {} conversation(s), {} referral record(s)",
                referrals.pseudonym(c, a).substring(0, 8), sessions, records);
        model.addAttribute("message", "Deleted: " + (sessions == 0 ? "no conversation, "
                : sessions + " conversation(s) with their transcripts and handoffs, ") + records
                + " referral record(s) and any follow-up still to come.");
        return PATIENTS;
    }

    /**
     * The patient's address as their records are keyed: an SMS number in E.164 whichever way it is typed ("07700
     * 900123", "+447700900123", "447700900123"); 400 with the reason when it is no number.
     */
    private static String address(Channel c, String address) {
        String a = address == null ? "" : address.trim();
        if (c != Channel.SMS) {
            return a;
        }
        return org.waymark.messaging.PhoneNumbers.possibleE164(a).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.BAD_REQUEST, new org.waymark.messaging.PhoneNumbers.InvalidPhoneNumber(a).getMessage()));
    }

    private static Channel channel(String code) {
        for (Channel c : Channel.values()) {
            if (c.code().equalsIgnoreCase(code == null ? "" : code.trim())) {
                return c;
            }
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'channel' must be sms or webchat.");
    }
}
