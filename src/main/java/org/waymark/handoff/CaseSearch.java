package org.waymark.handoff;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

import org.springframework.http.HttpStatus;

import org.waymark.messaging.Channel;
import org.waymark.practice.OpeningTimes;
import org.waymark.taxonomy.Need;

/**
 * Searching the caseload: the queue, the claimed conversations and the closed ones (the latest 200), by words, status,
 * priority, need, channel, worker and the day it was opened (UK time). The same for the JSON API and the dashboard.
 *
 * @param status   waiting, claimed, closed, open (waiting or claimed) or all
 * @param q        words that must all appear in what the case shows (why, needs, own words, area, activities, who
 *                 has it, how it ended, the masked patient); blank for any
 * @param priority emergency, urgent, routine; null for any
 * @param need     a need code; null for any
 * @param channel  null for any
 * @param worker   who has (or had) it, any case; null for anyone
 * @param from     opened on or after this day; null for any
 * @param to       opened on or before this day; null for any
 */
record CaseSearch(String status, String q, Priority priority, String need, Channel channel, String worker,
                  LocalDate from, LocalDate to) {
    static final List<String> STATUSES = List.of("all", "open", "waiting", "claimed", "closed");

    /** Reads the filter from request parameters; a value it cannot read is a 400 that says what it takes. */
    static CaseSearch parse(String status, String q, String priority, String need, String channel, String worker,
                            String from, String to, String defaultStatus) {
        String s = blank(status) ? defaultStatus : status.strip().toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(s)) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "status must be waiting, claimed or closed (or open, or all)");
        }
        Priority p = null;
        if (!blank(priority)) {
            p = Arrays.stream(Priority.values()).filter(v -> v.code().equalsIgnoreCase(priority.strip())).findFirst()
                    .orElseThrow(() -> new Refusal(HttpStatus.BAD_REQUEST,
                            "priority must be emergency, urgent or routine"));
        }
        String n = null;
        if (!blank(need)) {
            n = Need.fromCode(need.strip()).map(Need::code).orElseThrow(() -> new Refusal(HttpStatus.BAD_REQUEST,
                    "need must be one of " + Arrays.stream(Need.values()).map(Need::code).toList()));
        }
        Channel c = null;
        if (!blank(channel)) {
            c = Arrays.stream(Channel.values()).filter(v -> v.code().equalsIgnoreCase(channel.strip())).findFirst()
                    .orElseThrow(() -> new Refusal(HttpStatus.BAD_REQUEST, "channel must be sms or webchat"));
        }
        LocalDate f = day(from, "from");
        LocalDate t = day(to, "to");
        if (f != null && t != null && t.isBefore(f)) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "to must be the same day as from or later");
        }
        return new CaseSearch(s, blank(q) ? "" : q.strip(), p, n, c, blank(worker) ? null : worker.strip(), f, t);
    }

    private static LocalDate day(String value, String name) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new Refusal(HttpStatus.BAD_REQUEST, name + " must be a date as YYYY-MM-DD, such as 2026-11-21");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Whether any filter beyond the status is set. */
    boolean narrowed() {
        return !q.isEmpty() || priority != null || need != null || channel != null || worker != null || from != null
                || to != null;
    }

    /** The matching cases: waiting ones first in queue order, then claimed, then closed newest first. */
    List<Handoff> run(Handoffs handoffs) {
        List<Handoff> out = new ArrayList<>();
        for (HandoffStatus st : HandoffStatus.values()) {
            if (status.equals("all") || status.equals(st.code())
                    || status.equals("open") && st != HandoffStatus.CLOSED) {
                handoffs.list(st).stream().filter(this::matches).forEach(out::add);
            }
        }
        return out.stream().filter(Objects::nonNull).distinct().sorted(Comparator.comparing(Handoff::status))
                .toList();
    }

    boolean matches(Handoff h) {
        Handoff.Summary s = h.summary();
        if (priority != null && h.priority() != priority) {
            return false;
        }
        if (need != null && (s == null || !s.needs().contains(need))) {
            return false;
        }
        if (channel != null && h.channel() != channel) {
            return false;
        }
        if (worker != null && !worker.equalsIgnoreCase(h.assignee())) {
            return false;
        }
        LocalDate opened = h.openedAt().atZone(OpeningTimes.UK).toLocalDate();
        if (from != null && opened.isBefore(from) || to != null && opened.isAfter(to)) {
            return false;
        }
        if (q.isEmpty()) {
            return true;
        }
        String text = String.join(" ", Stream.of(HandoffPages.reasonWords(h.reason(), s == null ? null : s.risk()),
                        s == null ? null : HandoffPages.needWords(s.needs()),
                        s == null ? null : s.ownWords(), s == null ? null : s.postcodeArea(),
                        s == null ? null : String.join(" ", s.shown()), s == null ? null : s.chosen(),
                        s == null ? null : s.language(), h.assignee(), h.note(), h.maskedPatient(),
                        h.outcome() == null ? null : Handoffs.OUTCOMES.get(h.outcome()), h.id())
                .filter(Objects::nonNull).toList()).toLowerCase(Locale.UK);
        return Arrays.stream(q.toLowerCase(Locale.UK).split("\\s+")).allMatch(text::contains);
    }
}
