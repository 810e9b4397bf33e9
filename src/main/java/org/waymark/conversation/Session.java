package org.waymark.conversation;

import java.time.Instant;
import java.util.List;

import org.waymark.messaging.Channel;

/**
 * One patient's conversation, as stored in Redis (one JSON value per session, so a turn is one read and one write).
 *
 * @param mode        BOT while Waymark talks; HUMAN while a link worker has it; CRISIS after a risk until a person
 *                    takes over
 * @param needs       need codes heard and confirmed
 * @param offered     ids of the activities in the last list (for "2" or "the walking group")
 * @param offeredNames their names, in the same order
 * @param shown       every activity id shown so far (MORE skips them)
 * @param weak        weak understandings in a row
 * @param ownWords    what matters, in the patient's own words (for the link worker's summary)
 */
record Session(String id, Channel channel, String address, String practice, String state, Mode mode,
               List<String> needs, String postcode, String availability, boolean freeOnly, List<String> access,
               List<String> offered, List<String> offeredNames, List<String> shown, String chosen, int weak,
               String handoffId, int crisisTurns, String ownWords, String lastTrigger, Instant started,
               Instant updated) {

    enum Mode { BOT, HUMAN, CRISIS }

    Session {
        needs = needs == null ? List.of() : List.copyOf(needs);
        access = access == null ? List.of() : List.copyOf(access);
        offered = offered == null ? List.of() : List.copyOf(offered);
        offeredNames = offeredNames == null ? List.of() : List.copyOf(offeredNames);
        shown = shown == null ? List.of() : List.copyOf(shown);
        mode = mode == null ? Mode.BOT : mode;
    }

    static Session start(String id, Channel channel, String address, String practice, String state, Instant now) {
        return new Session(id, channel, address, practice, state, Mode.BOT, List.of(), null, null, false, List.of(),
                List.of(), List.of(), List.of(), null, 0, null, 0, null, null, now, now);
    }

    Session withState(String s) {
        return new Session(id, channel, address, practice, s, mode, needs, postcode, availability, freeOnly, access,
                offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated);
    }

    Session withMode(Mode m, String handoff) {
        return new Session(id, channel, address, practice, state, m, needs, postcode, availability, freeOnly, access,
                offered, offeredNames, shown, chosen, weak, handoff, crisisTurns, ownWords, lastTrigger, started,
                updated);
    }

    Session withNeeds(List<String> n, String words) {
        return new Session(id, channel, address, practice, state, mode, n, postcode, availability, freeOnly, access,
                offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, words, lastTrigger, started,
                updated);
    }

    Session withPostcode(String p) {
        return new Session(id, channel, address, practice, state, mode, needs, p, availability, freeOnly, access,
                offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated);
    }

    Session withPreferences(String when, boolean free, List<String> acc) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, when, free, acc,
                offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated);
    }

    Session withOffered(List<String> ids, List<String> names, List<String> allShown) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, ids, names, allShown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated);
    }

    Session withChosen(String c) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, c, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated);
    }

    Session withWeak(int w) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, w, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated);
    }

    Session withCrisisTurns(int n) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, n, ownWords, lastTrigger, started,
                updated);
    }

    Session withTrigger(String t) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, t, started,
                updated);
    }

    Session touched(Instant now) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, now);
    }

    /** Forgets what the patient told us, keeping who and where they are (RESTART, START). */
    Session cleared() {
        return new Session(id, channel, address, practice, state, Mode.BOT, List.of(), null, null, false, List.of(),
                List.of(), List.of(), List.of(), null, 0, null, 0, null, null, started, updated);
    }
}
