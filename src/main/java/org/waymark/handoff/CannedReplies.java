package org.waymark.handoff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import org.waymark.practice.Practice;
import org.waymark.practice.Practices;

import redis.clients.jedis.UnifiedJedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replies a practice keeps ready for its link workers: a short title and the words, inserted into the reply box with
 * a click and edited there before sending. One Redis hash per practice, by id. They name no patient. On first start
 * each practice is given a few (once: a practice that deletes them all keeps none), unless
 * {@code waymark.handoff.starter-replies} is off.
 */
@Service
public class CannedReplies {
    private static final Logger log = LoggerFactory.getLogger(CannedReplies.class);
    static final int MAX_TITLE = 60;
    static final int MAX_PER_PRACTICE = 100;

    /** A saved reply. */
    public record CannedReply(String id, String practice, String title, String text) {
    }

    private static final List<String[]> STARTERS = List.of(
            new String[] {"Introduce yourself", "Hello, I'm a link worker at {practice}. Thank you for getting in "
                    + "touch. Is now a good time to talk?"},
            new String[] {"Arrange a call", "Would a phone call suit you better? Tell me a good day and time and "
                    + "the number to ring, and I'll call you then."},
            new String[] {"Will ring back", "Thank you. I'm looking into this and will get back to you by the end "
                    + "of the day."},
            new String[] {"Urgent help", "If you feel unsafe or this is an emergency, call 999 now. For urgent "
                    + "help that is not an emergency, call NHS 111. You can also text SHOUT to 85258 at any time."},
            new String[] {"Closing", "Thank you for talking with me. If you need us again, just write here and a "
                    + "link worker will pick it up."});

    private final UnifiedJedis redis;
    private final JsonMapper json;
    private final Practices practices;
    private final boolean starters;

    CannedReplies(UnifiedJedis redis, JsonMapper json, Practices practices,
                  @Value("${waymark.handoff.starter-replies:true}") boolean starters) {
        this.redis = redis;
        this.json = json;
        this.practices = practices;
        this.starters = starters;
    }

    static String key(String practice) {
        return "wm:canned:" + practice;
    }

    /** Each practice's starter replies, the first time it is seen (a marker keeps it to once, on every node). */
    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        if (!starters) {
            return;
        }
        for (Practice p : practices.all()) {
            if (redis.setnx(key(p.id()) + ":seeded", "1") == 1) {
                for (String[] s : STARTERS) {
                    save(p.id(), null, s[0], s[1].replace("{practice}", p.name()));
                }
                log.info("Gave practice {} {} starter replies", p.id(), STARTERS.size());
            }
        }
    }

    /** A practice's replies, by title. */
    public List<CannedReply> of(String practice) {
        List<CannedReply> out = new ArrayList<>();
        for (String v : redis.hvals(key(practice))) {
            out.add(json.readValue(v, CannedReply.class));
        }
        out.sort(Comparator.comparing(CannedReply::title, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    public Optional<CannedReply> find(String practice, String id) {
        String v = id == null ? null : redis.hget(key(practice), id);
        return v == null ? Optional.empty() : Optional.of(json.readValue(v, CannedReply.class));
    }

    /** What is wrong with a reply as given, by field ("title", "text"); empty when it may be saved. */
    static Map<String, String> problems(String title, String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (title == null || title.isBlank()) {
            out.put("title", "Enter a short title, such as \"Arrange a call\".");
        } else if (title.strip().length() > MAX_TITLE) {
            out.put("title", "The title must be " + MAX_TITLE + " characters or fewer.");
        }
        String textProblem = Desk.replyProblem(text);
        if (!textProblem.isEmpty()) {
            out.put("text", text == null || text.isBlank() ? "Enter the words of the reply." : textProblem);
        }
        return out;
    }

    /** Adds ({@code id} null) or changes a reply; the caller has checked {@link #problems}. */
    CannedReply save(String practice, String id, String title, String text) {
        if (id == null && redis.hlen(key(practice)) >= MAX_PER_PRACTICE) {
            throw new Refusal(org.springframework.http.HttpStatus.CONFLICT, "A practice can keep up to "
                    + MAX_PER_PRACTICE + " saved replies; delete one first.");
        }
        CannedReply r = new CannedReply(id == null ? UUID.randomUUID().toString() : id, practice, title.strip(),
                text.strip());
        redis.hset(key(practice), r.id(), json.writeValueAsString(r));
        return r;
    }

    boolean delete(String practice, String id) {
        return redis.hdel(key(practice), id) > 0;
    }
}
