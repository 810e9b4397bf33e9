package org.waymark.conversation;

import java.time.Instant;
import java.util.List;

import org.waymark.locale.Locales;

import org.waymark.directory.AboutPatient;
import org.waymark.handoff.PatientContact;
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
 * @param stopAsked   the bot asked, last turn, whether the patient wants to end the conversation: only a yes now
 *                    ends it (never null)
 * @param recent      the patient's last few messages before this one, newest last, so the risk check can judge
 *                    them together ("I've got the tablets" / "all of them" / "tonight"); kept as long as the
 *                    session, erased with it (never null)
 * @param safetyCheck the risk category whose check question ("are you safe right now?") the bot asked last turn,
 *                    so this message is its answer, with ":emergency" after it when the question was asked in place
 *                    of the rules' emergency; null otherwise
 * @param contact     how and when the patient would like a link worker to contact them, as far as they have said;
 *                    null until they are asked
 * @param about       what the patient has said of themselves that decides which groups they may join (never null)
 * @param waitingReplyAt when the bot last told a patient waiting for a link worker that their message is with the
 *                    team (so "hello?" is answered at once, but not every time); null if never
 * @param speech      the language of the conversation and where the question of changing it stands
 * @param pastRisk    the risk category of a past risk the patient said is over ("self harmed as a teenager, fine
 *                    now"): no crisis reply, but the link worker's summary notes it; null if none
 */
record Session(String id, Channel channel, String address, String practice, String state, Mode mode,
               List<String> needs, String postcode, String availability, boolean freeOnly, List<String> access,
               List<String> offered, List<String> offeredNames, List<String> shown, String chosen, int weak,
               String handoffId, int crisisTurns, String ownWords, String lastTrigger, Instant started,
               Instant updated, Aftercare aftercare, Boolean stopAsked, List<String> recent,
               String safetyCheck, PatientContact contact, AboutPatient about, Instant waitingReplyAt,
               String pastRisk, Speech speech) {

    enum Mode { BOT, HUMAN, CRISIS }

    /**
     * The conversation's language (an ISO 639-1 code; the default language is English, "en"), kept for the
     * conversation and its follow-ups.
     *
     * @param language the language the bot writes in and understands the patient in
     * @param offered  a language the patient's first words looked like, whose offer ("I can chat in Bengali. Would
     *                 you like that?") the bot made last turn, so this message answers it; null otherwise
     * @param asked    the offer was made once already (never made twice)
     * @param pending  the message that brought the offer, read again in the chosen language once it is answered
     */
    record Speech(String language, String offered, boolean asked, String pending, boolean welcome) {
        static final Speech DEFAULT = new Speech(Locales.DEFAULT, null, false, null, false);

        Speech {
            language = language == null || language.isBlank() ? Locales.DEFAULT : language;
        }

        /** The conversation in this language from now on (the offer, if any, answered). */
        Speech in(String code) {
            return new Speech(code, null, true, null, false);
        }

        /** The offer made for this message; {@code welcome}: it came before the welcome, which is still to say. */
        Speech offering(String code, String text, boolean welcomeToSay) {
            return new Speech(language, code, true, text, welcomeToSay);
        }
    }

    /**
     * What happens after the referral: the follow-up in progress and the ONS4 answers so far.
     *
     * @param referralId   the referral a follow-up asks about (null outside a follow-up)
     * @param activity     its activity's name, for the question
     * @param phase        "baseline" or "followup" while ONS4 questions are being asked, else null
     * @param scores       ONS4 answers so far, in question order
     * @param ons4Offered  the baseline questions were offered and await a yes or no
     * @param baselineDone the baseline was offered once already (never offered twice)
     */
    record Aftercare(String referralId, String activity, String phase, List<Integer> scores, boolean ons4Offered,
                     boolean baselineDone) {
        static final Aftercare NONE = new Aftercare(null, null, null, List.of(), false, false);

        Aftercare {
            scores = scores == null ? List.of() : List.copyOf(scores);
        }

        Aftercare withPhase(String p, List<Integer> s) {
            return new Aftercare(referralId, activity, p, s, false, baselineDone);
        }

        Aftercare withOffered(boolean offered) {
            return new Aftercare(referralId, activity, phase, scores, offered, baselineDone || offered);
        }

        Aftercare forReferral(String id, String name) {
            return new Aftercare(id, name, null, List.of(), false, baselineDone);
        }
    }

    Session {
        about = about == null ? AboutPatient.UNKNOWN : about;
        needs = needs == null ? List.of() : List.copyOf(needs);
        access = access == null ? List.of() : List.copyOf(access);
        offered = offered == null ? List.of() : List.copyOf(offered);
        offeredNames = offeredNames == null ? List.of() : List.copyOf(offeredNames);
        shown = shown == null ? List.of() : List.copyOf(shown);
        mode = mode == null ? Mode.BOT : mode;
        aftercare = aftercare == null ? Aftercare.NONE : aftercare;
        stopAsked = Boolean.TRUE.equals(stopAsked); // absent from sessions saved before it existed
        recent = recent == null ? List.of() : List.copyOf(recent);
        speech = speech == null ? Speech.DEFAULT : speech; // absent from sessions saved before it existed
    }

    static Session start(String id, Channel channel, String address, String practice, String state, Instant now) {
        return new Session(id, channel, address, practice, state, Mode.BOT, List.of(), null, null, false, List.of(),
                List.of(), List.of(), List.of(), null, 0, null, 0, null, null, now, now, null, false, List.of(), null, null, null, null, null, null);
    }

    Session withState(String s) {
        return new Session(id, channel, address, practice, s, mode, needs, postcode, availability, freeOnly, access,
                offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withMode(Mode m, String handoff) {
        return new Session(id, channel, address, practice, state, m, needs, postcode, availability, freeOnly, access,
                offered, offeredNames, shown, chosen, weak, handoff, crisisTurns, ownWords, lastTrigger, started,
                updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withNeeds(List<String> n, String words) {
        return new Session(id, channel, address, practice, state, mode, n, postcode, availability, freeOnly, access,
                offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, words, lastTrigger, started,
                updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withPostcode(String p) {
        return new Session(id, channel, address, practice, state, mode, needs, p, availability, freeOnly, access,
                offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withPreferences(String when, boolean free, List<String> acc) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, when, free, acc,
                offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withOffered(List<String> ids, List<String> names, List<String> allShown) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, ids, names, allShown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withChosen(String c) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, c, weak, handoffId, crisisTurns, ownWords, lastTrigger, started,
                updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withWeak(int w) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, w, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withCrisisTurns(int n) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, n, ownWords, lastTrigger, started,
                updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withTrigger(String t) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, t, started,
                updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session touched(Instant now) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, now, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withAftercare(Aftercare a) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, a, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    Session withStopAsked(boolean asked) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, asked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    /** How many earlier messages the risk check reads with the new one, and the most of each it keeps. */
    static final int RECENT = 2;
    static final int RECENT_CHARS = 300;

    /** This message joins the recent ones; the oldest falls off. */
    Session withRecent(String text) {
        List<String> r = new java.util.ArrayList<>(recent);
        r.add(text.length() > RECENT_CHARS ? text.substring(0, RECENT_CHARS) : text);
        while (r.size() > RECENT) {
            r.remove(0);
        }
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, stopAsked, r, safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    /** The check question for this risk category was asked (null: answered, or none asked). */
    Session withSafetyCheck(String category) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, stopAsked, recent, category, contact, about, waitingReplyAt, pastRisk, speech);
    }

    /** The patient told of a past risk they say is over (a category code): kept for the link worker's summary. */
    Session withPastRisk(String category) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, category, speech);
    }

    Session withSpeech(Speech sp) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, stopAsked, recent, safetyCheck, contact, about, waitingReplyAt, pastRisk,
                sp);
    }

    /** After a crisis reply: what raised it has been answered and must not raise it again with the next message. */
    Session withoutRecent() {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, stopAsked, List.of(), safetyCheck, contact, about, waitingReplyAt, pastRisk, speech);
    }

    /** Forgets what the patient told us, keeping who and where they are (RESTART, START). */
    Session cleared() {
        return new Session(id, channel, address, practice, state, Mode.BOT, List.of(), null, null, false, List.of(),
                List.of(), List.of(), List.of(), null, 0, null, 0, null, null, started, updated, aftercare, false, List.of(), null, null, null, null, null, speech);
    }

    Session withContact(PatientContact c) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, stopAsked, recent, safetyCheck, c, about, waitingReplyAt, pastRisk, speech);
    }

    Session withAbout(AboutPatient a) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, stopAsked, recent, safetyCheck, contact, a, waitingReplyAt, pastRisk, speech);
    }

    Session withWaitingReplyAt(Instant at) {
        return new Session(id, channel, address, practice, state, mode, needs, postcode, availability, freeOnly,
                access, offered, offeredNames, shown, chosen, weak, handoffId, crisisTurns, ownWords, lastTrigger,
                started, updated, aftercare, stopAsked, recent, safetyCheck, contact, about, at, pastRisk, speech);
    }
}
