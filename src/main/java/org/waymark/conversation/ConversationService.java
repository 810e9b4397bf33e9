package org.waymark.conversation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import org.waymark.conversation.DialogDefinition.MessageDef;
import org.waymark.conversation.DialogDefinition.StateDef;
import org.waymark.conversation.DialogDefinition.TransitionDef;
import org.waymark.conversation.Session.Mode;
import org.waymark.directory.AboutPatient;
import org.waymark.directory.ActivityDetails;
import org.waymark.directory.ActivityMatcher;
import org.waymark.directory.Directory;
import org.waymark.directory.MatchRequest;
import org.waymark.directory.Suggestion;
import org.waymark.handoff.Handoff;
import org.waymark.handoff.HandoffEvents;
import org.waymark.handoff.HandoffStatus;
import org.waymark.handoff.Handoffs;
import org.waymark.handoff.Priority;
import org.waymark.locale.Locales;
import org.waymark.messaging.ActivityCard;
import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;
import org.waymark.messaging.OutboundMessage;
import org.waymark.messaging.PatientChannel;
import org.waymark.nlu.Intents;
import org.waymark.nlu.LanguageGuess;
import org.waymark.nlu.NluByLanguage;
import org.waymark.nlu.Parse;
import org.waymark.practice.OpeningTimes;
import org.waymark.practice.Practice;
import org.waymark.practice.Practices;
import org.waymark.safety.CrisisReplies;
import org.waymark.safety.Risk;
import org.waymark.safety.RiskByLanguage;
import org.waymark.safety.RiskCategory;
import org.waymark.safety.RiskDetector;
import org.waymark.safety.RiskLevel;
import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

/**
 * One turn of a conversation: load the session, safety first, then the bot (or the link worker's thread), then save
 * the session and transcript in one write.
 */
@Service
class ConversationService implements Conversations {
    private static final Logger log = LoggerFactory.getLogger(ConversationService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern END_PUNCTUATION = Pattern.compile("[.!?]+$");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    static final Risk RISK_CHECK_FAILED = new Risk(RiskLevel.URGENT,
            org.waymark.safety.RiskCategory.SUICIDE_SELF_HARM, "risk check failed");
    /** Where a conversation with the bot has done its work: reported as completed. */
    private static final Set<String> END_STATES = Set.of("closing", "contact_requested", "no_match", "with_worker",
            ClosedCaseReturn.STATE);
    /** Where a follow-up starts (an entry of the dialog). */
    static final String FOLLOW_UP_STATE = "followup_went";
    /** Effects that act after the state's own messages are said. */
    private static final Set<String> AFTER_SAY = Set.of("offer_ons4");
    /** Who a transcript message is from, when the patient said it. */
    private static final String PATIENT = "patient";

    private final SessionStore store;
    private final DialogEngine engine;
    private final DialogDefinition dialog;
    private final NluByLanguage nlus;
    private final LanguageGuess languages;
    private final RiskByLanguage risks;
    private final CrisisReplies crisisReplies;
    private final Locales locales;
    private final ActivityMatcher matcher;
    private final Directory directory;
    private final Handoffs handoffs;
    private final Practices practices;
    private final Map<Channel, PatientChannel> channels = new HashMap<>();
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final WaitingReplies waiting;
    private final ClosedCaseReturn closedCases;

    ConversationService(SessionStore store, DialogEngine engine, NluByLanguage nlus, LanguageGuess languages,
                        RiskByLanguage risks, CrisisReplies crisisReplies, Locales locales, ActivityMatcher matcher,
                        Directory directory, Handoffs handoffs, Practices practices,
                        List<PatientChannel> patientChannels, Clock clock,
                        org.springframework.context.ApplicationEventPublisher events, WaitingReplies waiting) {
        this.events = events;
        this.waiting = waiting;
        this.closedCases = new ClosedCaseReturn(handoffs);
        this.store = store;
        this.engine = engine;
        this.dialog = engine.definition();
        this.nlus = nlus;
        this.locales = locales;
        this.languages = languages;
        this.risks = risks;
        this.crisisReplies = crisisReplies;
        this.matcher = matcher;
        this.directory = directory;
        this.handoffs = handoffs;
        this.practices = practices;
        patientChannels.forEach(c -> channels.put(c.channel(), c));
        this.clock = clock;
    }

    @Override
    public Turn start(Channel channel, String address, String practiceId) {
        Practice practice = practice(practiceId);
        Session s = Session.start(newId(), channel, address, practice.id(), dialog.initial(), clock.instant());
        TurnState t = new TurnState(s, practice);
        t.events.add(new ConversationEvents.Started(s.id(), practice.id(), channel, clock.instant()));
        enter(t, dialog.initial(), "start");
        store.save(t.session.touched(clock.instant()), t.replies);
        t.events.forEach(events::publishEvent);
        return new Turn(t.session.id(), t.replies, false);
    }

    @Override
    public Turn handle(InboundMessage in) {
        Optional<Session> found = store.find(in.channel(), in.address());
        if (found.isEmpty() && in.channel() == Channel.WEBCHAT) {
            throw new UnknownSessionException();
        }
        Practice practice = practice(found.map(Session::practice).orElse(in.practice()));
        boolean fresh = found.isEmpty();
        Session s = found.orElseGet(() -> Session.start(newId(), in.channel(), in.address(), practice.id(),
                dialog.initial(), clock.instant()));
        TurnState t = new TurnState(s, practice);
        // the language these words are in, when not English: one the bot speaks (heardIn), or another it cannot read
        // a quick reply the bot has just offered ("Phone call") is an answer in the conversation's language
        Optional<LanguageGuess.Detected> heard = !fresh && answersAnOption(s, in.text()) ? Optional.empty()
                : detect(in.text());
        String heardIn = heard.map(LanguageGuess.Detected::code).filter(c -> locales.speaks(c)
                && !Locales.DEFAULT.equals(c)).orElse(null);
        OutboundMessage said = patientMessage(in.text()).inLanguage(heardIn);
        t.said = said;
        List<OutboundMessage> transcript = new ArrayList<>(List.of(said));

        Risk risk = assessWithRecent(in.text(), s, heardIn);
        if (risk.tempered() && s.mode() != Mode.BOT) {
            // a person has the conversation and the bot asks nothing: the patterns' crisis stands, as it did before
            risk = risk.untempered();
        }
        if (risk.history()) {
            // no crisis reply for a past risk they say is over, but the link worker's summary notes it
            t.session = t.session.withPastRisk(risk.category().code());
        }
        String forget = risk.risky() ? null : forgetRequest(in.text(), in.channel());
        if (forget != null) {
            return forgetTurn(t, fresh, forget);
        }
        String checked = t.session.safetyCheck();
        if (checked != null) {
            t.session = t.session.withSafetyCheck(null);
        }
        boolean safe = false;
        if (checked != null) {
            CheckAnswer answer = checkAnswer(in.text(), t);
            if (answer == CheckAnswer.UNSAFE) {
                // the link worker sees that they were asked and said no, whatever the words raise on their own
                t.checkAnsweredNo = true;
                if (!risk.risky()) {
                    boolean held = checked.endsWith(HELD_EMERGENCY);
                    String category = held ? checked.substring(0, checked.length() - HELD_EMERGENCY.length())
                            : checked;
                    risk = new Risk(held ? RiskLevel.EMERGENCY : RiskLevel.URGENT,
                            RiskCategory.valueOf(category.toUpperCase(Locale.ROOT)), CHECK_ANSWERED_NO);
                }
            }
            safe = !risk.risky() && answer == CheckAnswer.SAFE;
        }
        // words the bot cannot read: crisis numbers and a person, unless the risk check or a safety answer spoke
        Optional<LanguageGuess.Detected> unread = risk.risky() || safe ? Optional.empty()
                : heard.filter(d -> !locales.speaks(d.code()));
        Optional<Locales.Language> keyword = risk.risky() ? Optional.empty() : locales.byKeyword(in.text());
        String offered = t.session.speech().offered();
        if (risk.risky()) {
            // in the language the patient wrote in, when the bot speaks it, even before they chose it
            t.speakIn = heardIn;
            crisis(t, risk, said, language(t));
            crisisCard(t);
        } else if (t.session.mode() != Mode.BOT && stillWithWorker(t, said)) {
            withWorker(t, in.text());
        } else if (keyword.isPresent()) {
            changeLanguage(t, keyword.get().code(), fresh);
        } else if (offered != null && t.session.mode() == Mode.BOT) {
            answerOffer(t, in.text(), offered, heardIn);
        } else if (unread.isPresent()) {
            otherLanguage(t, unread.get(), said, fresh);
        } else if (safe) {
            crisis(t).checkSafe().forEach(text -> t.replies.add(botMessage(t, text, List.of(), List.of())));
            enter(t, t.session.state(), "safety_check");
        } else if (risk.check() && t.session.mode() == Mode.BOT) {
            askCheck(t, risk, fresh, heardIn);
        } else if (heardIn != null && !heardIn.equals(language(t)) && !t.session.speech().asked()) {
            offerLanguage(t, heardIn, in.text(), fresh);
        } else if (fresh) {
            firstWords(t, in.text());
        } else {
            botTurn(t, in.text());
        }
        transcript.addAll(t.replies);
        // a message the patterns raised (tempered to a question) is not read again with the next few: its question
        // has been asked, and joined to them its words would bring the crisis it was spared
        t.session = risk.risky() ? t.session.withoutRecent()
                : risk.tempered() ? t.session : t.session.withRecent(in.text());
        t.session = t.session.withAbout(SelfDescription.heard(in.text(), t.session.about()));
        store.save(t.session.touched(clock.instant()), transcript);
        if (t.openedHandoff != null) {
            t.replies.forEach(r -> handoffs.addToThread(t.openedHandoff, r));
        }
        if (t.understood != null || risk.check() || risk.risky()) {
            t.events.add(understood(t, in, risk));
        }
        t.events.forEach(events::publishEvent);
        return new Turn(t.session.id(), t.replies, risk.risky());
    }

    /** What was understood of the patient's words this turn, and why the bot was unsure, if it was. */
    private ConversationEvents.Understood understood(TurnState t, InboundMessage in, Risk risk) {
        Parse p = t.understood;
        if (risk.check()) {
            t.unsure.add("check");
        }
        if (risk.tempered()) {
            // the rules read a crisis the nets did not: a link worker sees that the question came in its place
            t.unsure.add("tempered");
        }
        if (p != null && p.is(Intents.OUT_OF_SCOPE)) {
            t.unsure.add("out_of_scope");
        }
        return new ConversationEvents.Understood(t.session.id(), t.practice.id(), in.channel(), in.address(),
                t.said.id(), in.text(), p == null ? null : p.intent().name(),
                p == null ? List.of() : codes(p.needs()),
                (risk.risky() || risk.check()) && risk.category() != null ? risk.category().code() : null,
                risk.risky() ? risk.level().code() : risk.check() ? "check" : "none", List.copyOf(t.unsure),
                clock.instant());
    }

    /**
     * A first text ("hi", or their story): welcome them, and keep their words for the link worker. {@code text}
     * null: the conversation opens with no words to read (a language chosen before anything else was said).
     */
    private void firstWords(TurnState t, String text) {
        Session s = t.session;
        t.events.add(new ConversationEvents.Started(s.id(), t.practice.id(), s.channel(), clock.instant()));
        enter(t, dialog.initial(), "start");
        if (text != null) {
            Parse parse = parse(t, text, List.of());
            t.understood = parse;
            if (!parse.needs().isEmpty()) {
                t.session = t.session.withNeeds(codes(parse.needs()), text);
            }
        }
    }

    // ---- the conversation's language ---------------------------------------------------------------------------

    /** The language of the conversation (the default until the patient chooses another). */
    private static String language(TurnState t) {
        return t.speakIn != null ? t.speakIn : t.session.speech().language();
    }

    /** The language a message is in when it is not English; nothing if the guess fails (never fatal). */
    private Optional<LanguageGuess.Detected> detect(String text) {
        try {
            return languages.detect(text);
        } catch (RuntimeException e) {
            log.warn("Language detection failed ({}): read as the conversation's language",
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * The patient's first free words look like a language the bot speaks: ask once, in that language and in
     * English, whether to chat in it. Their words are kept and read again in the language they choose.
     */
    private void offerLanguage(TurnState t, String code, String text, boolean fresh) {
        if (fresh) {
            t.events.add(new ConversationEvents.Started(t.session.id(), t.practice.id(), t.session.channel(),
                    clock.instant()));
        }
        Locales.Language l = locales.get(code);
        t.replies.add(botMessage(l.offer().forChannel(t.sms()), l.offer().options(), List.of()).inLanguage(code));
        t.session = t.session.withSpeech(t.session.speech().offering(code, text, fresh));
        log.info("Session {}: first words look {}, offered to chat in it", t.session.id(), l.englishName());
    }

    /**
     * The answer to the offer: a yes (in either language), or more words in the offered language, changes the
     * conversation to it and reads the words that brought the offer (or these); anything else keeps English and
     * reads in it the words that brought the offer (after a no) or these (an answer to the question before).
     */
    private void answerOffer(TurnState t, String text, String offered, String heardIn) {
        Session.Speech sp = t.session.speech();
        Parse inOffered = nlus.forLanguage(offered, t.practice.id()).parse(text);
        Parse inDefault = nlus.forLanguage(Locales.DEFAULT, t.practice.id()).parse(text);
        boolean no = inOffered.is(Intents.DENY) || heardIn == null && inDefault.is(Intents.DENY);
        boolean yes = !no && (inOffered.is(Intents.AFFIRM) || heardIn == null && inDefault.is(Intents.AFFIRM)
                || offered.equals(heardIn));
        String chosen = yes ? offered : Locales.DEFAULT;
        t.session = t.session.withSpeech(sp.in(chosen));
        Locales.Language l = locales.get(chosen);
        if (!sp.welcome()) {
            // before a welcome, the welcome in the language chosen says it; otherwise the bot says so
            t.replies.add(botMessage(t, l.switched().forChannel(t.sms()), List.of(), List.of()));
        }
        log.info("Session {}: chats in {}", t.session.id(), l.englishName());
        // a plain yes reads the words that brought the offer; more words in the language are read themselves
        boolean plainYes = (inOffered.is(Intents.AFFIRM) || inDefault.is(Intents.AFFIRM))
                && inOffered.needs().isEmpty();
        // a no reads the words that brought the offer in English (they were English to the patient); any other
        // answer is the patient carrying on, so these words are read in English: nothing they said is dropped
        String toRead = yes ? (plainYes ? sp.pending() : text) : no ? sp.pending() : text;
        carryOn(t, toRead, sp.welcome());
    }

    /** A keyword ("bangla", "english"), the widget's switch: the conversation in that language from now on. */
    private void changeLanguage(TurnState t, String code, boolean fresh) {
        boolean welcome = fresh || t.session.speech().welcome();
        t.session = t.session.withSpeech(t.session.speech().in(code));
        Locales.Language l = locales.get(code);
        if (!welcome) {
            t.replies.add(botMessage(t, l.switched().forChannel(t.sms()), List.of(), List.of()));
        }
        log.info("Session {}: changed to {}", t.session.id(), l.englishName());
        carryOn(t, null, welcome);
    }

    /** After the language is settled: the welcome if it is still to say, these words read, or the question again. */
    private void carryOn(TurnState t, String text, boolean welcome) {
        if (welcome) {
            firstWords(t, text);
        } else if (text != null && t.session.mode() == Mode.BOT) {
            botTurn(t, text);
        } else if (t.session.mode() == Mode.BOT) {
            StateDef state = dialog.state(t.session.state());
            String key = state.reprompt() != null ? state.reprompt() : state.say().isEmpty() ? null
                    : state.say().get(0);
            if (key != null) {
                say(t, key, Map.of());
            }
        }
    }

    @Override
    public Turn changeLanguage(Channel channel, String address, String code) {
        Session s = store.find(channel, address).orElseThrow(UnknownSessionException::new);
        if (!locales.speaks(code)) {
            throw new IllegalArgumentException("Waymark does not speak '" + code + "'");
        }
        TurnState t = new TurnState(s, practice(s.practice()));
        if (code.equals(language(t))) {
            return new Turn(s.id(), List.of(), false);
        }
        changeLanguage(t, code, false);
        store.save(t.session.touched(clock.instant()), t.replies);
        t.events.forEach(events::publishEvent);
        return new Turn(t.session.id(), t.replies, false);
    }

    @Override
    public String languageOf(Channel channel, String address) {
        return store.find(channel, address).map(x -> x.speech().language()).orElse(Locales.DEFAULT);
    }

    @Override
    public Turn handleOptedOut(InboundMessage in) {
        Optional<LanguageGuess.Detected> heard = detect(in.text());
        String heardIn = heard.map(LanguageGuess.Detected::code).filter(locales::speaks).orElse(null);
        Risk risk = assess(in.text(), null, risksFor(Locales.DEFAULT, heardIn, practice(in.practice()).id()));
        if (!risk.risky()) {
            return new Turn(null, List.of(), false);
        }
        Practice practice = practice(in.practice());
        Session s = store.find(in.channel(), in.address()).orElseGet(() -> Session.start(newId(), in.channel(),
                in.address(), practice.id(), dialog.initial(), clock.instant()));
        TurnState t = new TurnState(s, practice);
        OutboundMessage said = patientMessage(in.text()).inLanguage(heardIn);
        t.speakIn = heardIn;
        crisis(t, risk, said, language(t));
        crisisCard(t);
        List<OutboundMessage> transcript = new ArrayList<>(List.of(said));
        transcript.addAll(t.replies);
        store.save(t.session.touched(clock.instant()), transcript);
        t.events.forEach(events::publishEvent);
        return new Turn(t.session.id(), t.replies, true);
    }

    @Override
    public Turn resume(InboundMessage in) {
        Optional<Session> found = store.find(in.channel(), in.address());
        if (found.isEmpty() || !stopped(found.get())) {
            return new Turn(null, List.of(), false);
        }
        Session s = found.get();
        TurnState t = new TurnState(s, practice(s.practice()));
        t.said = patientMessage(in.text());
        Parse parse = parse(t, in.text(), List.of());
        DialogEngine.Step step = engine.step(s.state(), Intents.START, tr -> holds(tr.condition(), parse, in.text(),
                t));
        if (!step.moved()) {
            return new Turn(null, List.of(), false);
        }
        take(t, step.taken(), Intents.START, parse, in.text(), false);
        List<OutboundMessage> transcript = new ArrayList<>(List.of(t.said));
        transcript.addAll(t.replies);
        store.save(t.session.touched(clock.instant()), transcript);
        t.events.forEach(events::publishEvent);
        return new Turn(t.session.id(), t.replies, false);
    }

    /** Whether the conversation ended at the patient's request (its state does {@code stop}). */
    private boolean stopped(Session s) {
        StateDef state = dialog.state(s.state());
        return state != null && state.effects().contains("stop");
    }

    @Override
    public List<OutboundMessage> transcript(Channel channel, String address) {
        Session s = store.find(channel, address).orElseThrow(UnknownSessionException::new);
        return store.transcript(s.id());
    }

    @Override
    public Turn followUp(Channel channel, String address, String practiceId, String referralId, String activity,
                         boolean reminder) {
        Practice practice = practice(practiceId);
        Optional<Session> found = store.find(channel, address);
        if (found.isPresent()) {
            Session s = found.get();
            if (stopped(s)
                    || s.mode() != Mode.BOT && handoffs.find(s.handoffId()).filter(Handoff::open).isPresent()) {
                return new Turn(s.id(), List.of(), false);
            }
        }
        Session s = found.orElseGet(() -> Session.start(newId(), channel, address, practice.id(), dialog.initial(),
                clock.instant()));
        s = s.withMode(Mode.BOT, null).withWeak(0).withStopAsked(false)
                .withAftercare(s.aftercare().forReferral(referralId, activity));
        TurnState t = new TurnState(s, practice);
        if (reminder) {
            t.session = t.session.withState(FOLLOW_UP_STATE);
            say(t, "followup_reminder", Map.of());
        } else {
            enter(t, FOLLOW_UP_STATE, "followup");
        }
        store.save(t.session.touched(clock.instant()), t.replies);
        return new Turn(t.session.id(), t.replies, false);
    }

    @Override
    public int forget(Channel channel, String address, String by) {
        Optional<Session> found = store.find(channel, address);
        Set<String> sessions = new LinkedHashSet<>();
        found.ifPresent(s -> sessions.add(s.id()));
        sessions.addAll(store.sessionIds(channel, address));
        // the handoffs first, so nothing more reaches the patient or their thread while the rest goes
        int erased = handoffs.erase(channel, address, sessions, by);
        store.deleteAll(channel, address, sessions);
        events.publishEvent(new ConversationEvents.Forgotten(found.map(Session::id).orElse(null),
                List.copyOf(sessions), channel, address, by, clock.instant()));
        log.info("Patient data erased at the request of {}: {} session(s), {} handoff(s)",
                Handoffs.PATIENT.equals(by) ? "the patient" : "an administrator", sessions.size(), erased);
        return sessions.size();
    }

    /** "ask" for FORGET by SMS (a stray text must not erase anything), "erase" when confirmed, else null. */
    private static String forgetRequest(String text, Channel channel) {
        String plain = SPACES.matcher(END_PUNCTUATION.matcher(text.trim().toLowerCase(Locale.ROOT)).replaceAll(""))
                .replaceAll(" ");
        if (plain.equals("forget yes") || plain.equals("yes forget")) {
            return "erase";
        }
        if (plain.equals("forget") || plain.equals("forget me")) {
            // The widget asks for confirmation itself before it sends FORGET.
            return channel == Channel.WEBCHAT ? "erase" : "ask";
        }
        return null;
    }

    private Turn forgetTurn(TurnState t, boolean fresh, String request) {
        if ("ask".equals(request)) {
            say(t, "forget_confirm", Map.of());
            return new Turn(fresh ? null : t.session.id(), t.replies, false);
        }
        forget(t.session.channel(), t.session.address(), Handoffs.PATIENT);
        say(t, "forgotten", Map.of());
        return new Turn(null, t.replies, false); // the session is gone: nothing may be recorded against it now
    }

    /** A link worker's reply: into the transcript and out on the patient's own channel. */
    @EventListener
    void onWorkerReplied(HandoffEvents.WorkerReplied reply) {
        store.appendTranscript(reply.channel(), reply.address(), reply.sessionId(), reply.message());
        PatientChannel channel = channels.get(reply.channel());
        if (channel == null) {
            log.error("No channel adapter for {}: a link worker's reply for handoff {} is in the transcript only",
                    reply.channel().code(), reply.handoffId());
            return;
        }
        channel.deliver(reply.address(), reply.practice(), reply.message());
    }

    // ---- one turn ------------------------------------------------------------------------------------------------

    /** What a turn is building: the session as it changes, and the replies so far. */
    private static final class TurnState {
        Session session;
        final Practice practice;
        final List<OutboundMessage> replies = new ArrayList<>();
        final List<Object> events = new ArrayList<>();
        List<ActivityCard> cards = List.of();
        /** What the patient said this turn (null when the channel opened the conversation). */
        OutboundMessage said;
        /** A handoff this turn opened: the turn's replies go into its thread too. */
        String openedHandoff;
        /** The patient answered the bot's safety check question with no, not really or not sure. */
        boolean checkAnsweredNo;
        /** The language this turn answers in when it is not the conversation's (a crisis in words not yet chosen). */
        String speakIn;
        /** What the NLU understood of the patient's words this turn, when they were read by it. */
        Parse understood;
        /** Why the bot was unsure of these words: unsure, menu, out_of_scope, check (for the review queue). */
        final Set<String> unsure = new java.util.LinkedHashSet<>();

        TurnState(Session session, Practice practice) {
            this.session = session;
            this.practice = practice;
        }

        boolean sms() {
            return session.channel() == Channel.SMS;
        }
    }

    private void botTurn(TurnState t, String said) {
        Session s = t.session;
        // a quick reply in another language is read as the English one in its place ("হ্যাঁ" as "Yes", "বাদ দিন"
        // as "Skip"): each language has the same options in the same order
        Optional<String> english = optionInDefaultLanguage(s, said);
        // "৭" is 7 to the rules that read numbers (scores, phone numbers, a choice)
        String text = english.orElse(NluByLanguage.asciiDigits(said));
        Parse parse = english.isPresent()
                ? nlus.forLanguage(Locales.DEFAULT, t.practice.id()).parse(text, optionsFor(s, Locales.DEFAULT))
                : parse(t, text, optionsFor(s));
        String event = eventFor(parse, text, s);
        if (english.isEmpty()) {
            t.understood = parse;
        }
        DialogEngine.Step step = engine.step(s.state(), event, tr -> holds(tr.condition(), parse, text, t));
        if (!step.moved()) {
            int weak = s.weak() + 1;
            t.session = s.withWeak(weak).withStopAsked(false);
            if (weak >= 2) {
                step = engine.step(s.state(), "unsure", tr -> true);
                event = "unsure";
                t.unsure.add("unsure");
            }
            if (!step.moved()) {
                say(t, "not_understood", Map.of());
                StateDef state = dialog.state(s.state());
                say(t, state.reprompt() != null ? state.reprompt() : "not_understood", Map.of());
                return;
            }
        } else {
            t.session = s.withWeak(parse.is(Intents.OUT_OF_SCOPE) && !answering(s) ? s.weak() + 1 : 0)
                    .withStopAsked(false);
        }
        if ("unsure".equals(event)) {
            t.unsure.add("unsure");
        }
        take(t, step.taken(), event, parse, text, true);
        if ("choose_needs".equals(t.session.state()) && !"choose_needs".equals(s.state())) {
            t.unsure.add("menu");
        }
    }

    /**
     * Carries out a transition the engine chose: what it remembers, what it says, and the state it enters. The
     * question whether to end was answered (or passed over) by this turn, so it is forgotten unless asked again.
     * {@code askAgain}: after a global transition that stays and remembers nothing (HELP, "no" to ending), say the
     * state's question again (not while a person has the conversation).
     */
    private void take(TurnState t, TransitionDef taken, String event, Parse parse, String text, boolean askAgain) {
        String from = t.session.state();
        t.session = t.session.withStopAsked(false);
        capture(t, taken.capture(), parse, text);
        for (String key : taken.say()) {
            say(t, key, Map.of());
        }
        if (taken.target() != null) {
            t.session = t.session.withTrigger(event);
            enter(t, taken.target(), event);
        } else if (askAgain && taken.capture() == null && dialog.global().contains(taken)) {
            StateDef state = dialog.state(from);
            if (state.reprompt() != null) {
                say(t, state.reprompt(), Map.of());
            }
        }
    }

    private void enter(TurnState t, String stateName, String trigger) {
        String from = t.session.state();
        t.session = t.session.withState(stateName);
        Session now = t.session;
        if ("confirm_needs".equals(from) && Intents.AFFIRM.equals(trigger)) {
            t.events.add(new ConversationEvents.NeedsConfirmed(now.id(), now.practice(), now.needs(),
                    clock.instant()));
        }
        String declined = "declined".equals(stateName) && !stateName.equals(from) ? "consent"
                : "stopped".equals(stateName) && !stateName.equals(from) ? "stopped"
                : "closing".equals(stateName) && "offer_worker".equals(from) ? "no_link_worker" : null;
        if (declined != null) {
            t.events.add(new ConversationEvents.Declined(now.id(), now.practice(), now.channel(), now.address(),
                    declined, now.needs(), clock.instant()));
        }
        if (END_STATES.contains(stateName) && !stateName.equals(from)) {
            t.events.add(new ConversationEvents.Completed(now.id(), now.practice(), stateName, clock.instant()));
        }
        StateDef state = dialog.state(stateName);
        for (String effect : state.effects()) {
            if (AFTER_SAY.contains(effect)) {
                continue;
            }
            switch (effect) {
                case "suggest" -> {
                    if (!suggest(t)) {
                        DialogEngine.Step next = engine.step(stateName, "nothing_fits", tr -> true);
                        if (next.moved() && next.taken().target() != null) {
                            enter(t, next.taken().target(), "nothing_fits");
                        }
                        return;
                    }
                }
                case "show_details" -> showDetails(t);
                case "open_handoff" -> openHandoff(t, stateName, trigger);
                case "stop" -> {
                    t.session = t.session.withMode(Mode.BOT, null);
                    t.events.add(new ConversationEvents.Stopped(now.channel(), now.address(), clock.instant()));
                }
                case "ons4_recorded" -> ons4Recorded(t);
                default -> throw new IllegalStateException("unknown effect " + effect);
            }
        }
        for (String key : state.say()) {
            say(t, key, Map.of());
        }
        if (state.effects().contains("offer_ons4")) {
            offerOns4(t);
        }
    }

    /** Once, after an activity was chosen, when the practice asks ONS4: the "before" scores. */
    private void offerOns4(TurnState t) {
        Session s = t.session;
        if (t.practice.ons4() && s.chosen() != null && !s.aftercare().baselineDone()
                && s.aftercare().referralId() == null) {
            t.session = s.withAftercare(s.aftercare().withOffered(true));
            say(t, "ons4_offer", Map.of());
        }
    }

    private void ons4Recorded(TurnState t) {
        Session s = t.session;
        Session.Aftercare a = s.aftercare();
        if (a.phase() != null && !a.scores().isEmpty()) {
            t.events.add(new ConversationEvents.WellbeingScored(s.id(), s.practice(), s.channel(), s.address(),
                    a.referralId(), a.phase(), a.scores(), clock.instant()));
        }
        t.session = s.withAftercare(new Session.Aftercare(null, null, null, List.of(), false, a.baselineDone()));
    }

    private boolean suggest(TurnState t) {
        Session s = t.session;
        Set<Need> needs = s.needs().stream().map(Need::fromCode).flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Need.class)));
        AboutPatient who = SelfDescription.heard(t.said == null ? "" : t.said.text(), s.about());
        List<Suggestion> found = needs.isEmpty() ? List.of() : matcher.match(new MatchRequest(needs, s.postcode(),
                Availability.parse(s.availability()), s.freeOnly(), Set.copyOf(s.access()),
                Set.copyOf(s.shown()), 3, who).withLanguage(s.speech().language()));
        boolean costs = false;
        if (found.isEmpty() && s.freeOnly() && !needs.isEmpty()) {
            // no free ones left: say plainly that these cost a little, rather than pass them off as free
            found = matcher.match(new MatchRequest(needs, s.postcode(), Availability.parse(s.availability()), false,
                    Set.copyOf(s.access()), Set.copyOf(s.shown()), 3, who).withLanguage(s.speech().language()));
            costs = !found.isEmpty();
        }
        if (found.isEmpty()) {
            return false;
        }
        if (costs) {
            say(t, "cost_a_little", Map.of());
        }
        List<String> shown = new ArrayList<>(s.shown());
        found.forEach(f -> shown.add(f.id()));
        t.session = s.withOffered(found.stream().map(Suggestion::id).toList(),
                found.stream().map(Suggestion::name).toList(), shown);
        t.events.add(new ConversationEvents.SuggestionsShown(s.id(), s.practice(), t.session.offered(),
                clock.instant()));
        t.cards = found.stream().map(f -> new ActivityCard(f.id(), f.name(), f.needs(), f.distanceKm(), f.when(),
                f.cost(), f.why())).toList();
        int hint = t.sms() ? fill(dialog.message("suggestions", language(t)).forChannel(true), t, Map.of("suggestions", "",
                "count", String.valueOf(found.size()))).length() + 1 : 0;
        String list = t.sms() ? SuggestionLines.forSms(found, hint) : SuggestionLines.forWeb(found);
        say(t, "suggestions", Map.of("suggestions", list, "count", String.valueOf(found.size())));
        t.cards = List.of();
        return true;
    }

    private void showDetails(TurnState t) {
        Session s = t.session;
        Optional<ActivityDetails> details = Optional.ofNullable(s.chosen()).flatMap(directory::details);
        if (details.isPresent()) {
            t.events.add(new ConversationEvents.ActivityChosen(s.id(), s.practice(), s.channel(), s.address(),
                    s.chosen(), s.needs(), clock.instant()));
        }
        String text = details.map(d -> SuggestionLines.details(d, t.sms()))
                .orElse(words(t).word("details_missing"));
        say(t, "activity_details", Map.of("details", text));
    }

    private void openHandoff(TurnState t, String stateName, String trigger) {
        Session s = t.session;
        Optional<Handoff> existing = handoffs.find(s.handoffId()).filter(Handoff::open);
        if (existing.isPresent()) {
            t.session = s.withMode(Mode.HUMAN, existing.get().id());
            return;
        }
        String reason = switch (stateName) {
            case "no_match" -> "nothing_fits";
            case "contact_requested" -> "asked_contact";
            case ClosedCaseReturn.STATE -> ClosedCaseReturn.REASON;
            default -> "unsure".equals(trigger) ? "unsure" : "asked_for_person";
        };
        List<OutboundMessage> history = new ArrayList<>(store.transcript(s.id()));
        if (t.said != null) {
            history.add(t.said);
        }
        Handoff h = handoffs.open(new Handoffs.Request(s.practice(), s.channel(), s.address(), s.id(),
                Priority.ROUTINE, reason, summary(s, null), history,
                "contact_requested".equals(stateName) ? s.contact() : null,
                ClosedCaseReturn.STATE.equals(stateName)
                        ? handoffs.lastClosed(s.channel(), s.address()).map(Handoff::id).orElse(null) : null));
        t.session = s.withMode(Mode.HUMAN, h.id());
        t.openedHandoff = h.id();
    }

    /** The link worker's summary; {@code risk} is the risk's words ("urgent suicide_self_harm"), or null. */
    private Handoff.Summary summary(Session s, String risk) {
        String area = s.postcode() == null ? null : s.postcode().split(" ")[0];
        String chosenName = null;
        if (s.chosen() != null) {
            int i = s.offered().indexOf(s.chosen());
            chosenName = i >= 0 && i < s.offeredNames().size() ? s.offeredNames().get(i) : s.chosen();
        }
        String riskText = risk != null ? risk : s.pastRisk() != null ? Handoff.PAST_RISK + " " + s.pastRisk() : null;
        String language = Locales.DEFAULT.equals(s.speech().language()) ? null
                : locales.get(s.speech().language()).englishName();
        return new Handoff.Summary(s.needs(), area, s.ownWords(), s.offeredNames(), chosenName, riskText, language);
    }

    // ---- safety and people -----------------------------------------------------------------------------------------

    /**
     * The risk check may never be skipped: if it fails, the message is treated as urgent, so a person reads it and
     * the patient gets the crisis numbers. A false alarm is the safer mistake.
     */
    private Risk assess(String text, String sessionId, List<RiskDetector> detectors) {
        try {
            Risk most = null; // the first on a tie, so a past-risk note from one net is kept over a plain none
            for (RiskDetector d : detectors) {
                most = Risk.moreSerious(most, d.assess(text));
            }
            return most == null ? Risk.NONE : most;
        } catch (RuntimeException e) {
            log.error("The risk check failed in session {} ({}): treating the message as urgent", sessionId,
                    e.getClass().getSimpleName());
            return RISK_CHECK_FAILED;
        }
    }

    /**
     * The nets that read a message: the conversation's language's, and the language the words look like (English
     * when they look like no other), so a Bengali crisis in an English conversation is caught, and English in a
     * Bengali one.
     */
    private List<RiskDetector> risksFor(String conversationLanguage, String heardIn, String practice) {
        Set<String> codes = new LinkedHashSet<>();
        codes.add(conversationLanguage == null ? Locales.DEFAULT : conversationLanguage);
        codes.add(heardIn == null ? Locales.DEFAULT : heardIn);
        // English with the practice's model version, if it has one in use (issue 20)
        return codes.stream().map(code -> risks.forLanguage(code, practice)).distinct().toList();
    }

    /** The crisis texts in the conversation's language. */
    private CrisisReplies crisis(TurnState t) {
        return crisisReplies.in(language(t));
    }

    /** What answers a check question: a plain yes (safe), anything that is not (unsafe), or something else. */
    enum CheckAnswer { SAFE, UNSAFE, OTHER }

    static final String CHECK_ANSWERED_NO = "check answered no";
    /** After a check's category in the session: it was asked in place of the rules' emergency. */
    static final String HELD_EMERGENCY = ":emergency";
    private static final Pattern UNSAFE_ANSWER = Pattern.compile("\\b(no|nope|nah|not really|not safe|not ok|"
            + "not okay|not fine|im not|i am not|i m not|dont know|do not know|not sure|idk|help)\\b");
    private static final Pattern SAFE_ANSWER = Pattern.compile("\\b(yes|yeah|yep|yh|ya|yup|i am safe|im safe|"
            + "i m safe|safe|im ok|im okay|i am ok|fine|im fine|all good|ok|okay)\\b");

    /** "no", "not really", "not sure" and "help" are unsafe; a yes without them is safe; else it is no answer. */
    CheckAnswer checkAnswer(String text, TurnState t) {
        String plain = text.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "")
                .replaceAll("[^a-z ]+", " ");
        if (UNSAFE_ANSWER.matcher(plain).find()) {
            return CheckAnswer.UNSAFE;
        }
        if (SAFE_ANSWER.matcher(plain).find()) {
            return CheckAnswer.SAFE;
        }
        Parse parse = parse(t, text, List.of());
        return parse.is(Intents.DENY) ? CheckAnswer.UNSAFE : parse.is(Intents.AFFIRM) ? CheckAnswer.SAFE
                : CheckAnswer.OTHER;
    }

    /**
     * The nets are unsure: ask plainly before anything else. A "no" (or no real answer and then a risk) brings the
     * crisis reply and an urgent handoff; the question and the answer are in the thread the link worker reads.
     */
    private void askCheck(TurnState t, Risk risk, boolean fresh, String heardIn) {
        if (fresh) {
            t.events.add(new ConversationEvents.Started(t.session.id(), t.practice.id(), t.session.channel(),
                    clock.instant()));
        }
        String in = heardIn != null ? heardIn : language(t);
        t.replies.add(botMessage(crisisReplies.in(in).checkQuestion(risk.category()), List.of(), List.of())
                .inLanguage(Locales.DEFAULT.equals(in) ? null : in));
        // asked in place of the rules' emergency: a "no" brings the emergency they read, not an urgent handoff
        boolean heldEmergency = risk.tempered() && risk.untempered().level() == RiskLevel.EMERGENCY;
        t.session = t.session.withSafetyCheck(risk.category().code() + (heldEmergency ? HELD_EMERGENCY : ""));
        log.info("Session {}: a possible risk ({}), asked the check question", t.session.id(), risk.category().code());
    }

    /**
     * This message alone, and when it shows nothing, with the patient's last few before it: a risk told over several
     * texts ("I've got the tablets" / "all of them" / "tonight") is judged as one. What raised a crisis is dropped
     * from the recent messages, so the answered crisis never raises another.
     */
    private Risk assessWithRecent(String text, Session s, String heardIn) {
        List<RiskDetector> detectors = risksFor(s.speech().language(), heardIn, s.practice());
        Risk alone = assess(text, s.id(), detectors);
        if (alone.risky() || alone.tempered() || s.recent().isEmpty() || text.length() > Session.RECENT_CHARS) {
            // a long message has been read whole, to its end and sentence by sentence: what the last few add to
            // it is read when the next short one comes ("tonight"), and joined to it a story would cost another
            // reading of the whole
            return alone;
        }
        // read together, the last few messages may bring a crisis ("I've got the tablets" / "all of them"), but a
        // check question is for what this message says: earlier words must not keep asking it
        // no message of the few was a crisis or a tempered one alone, so a pattern matching them together matches
        // across them ("got the tablets" / "all of them tonight"): that crisis stands whatever the nets read
        Risk together = assess(String.join("\n", s.recent()) + "\n" + text, s.id(), detectors).untempered();
        return together.risky() ? together : alone;
    }

    private void crisis(TurnState t, Risk risk, OutboundMessage said, String in) {
        // a yes from now on answers the crisis reply, never an earlier "do you want to end this chat?"
        Session s = t.session.withStopAsked(false);
        // an age given earlier ("I'm 15") still brings Childline into the reply: crisis turns are rare, so the
        // transcript is read for it every time
        List<OutboundMessage> earlier = store.transcript(s.id());
        List<String> earlierPatientTexts = earlier.stream().filter(m -> PATIENT.equals(m.from()))
                .map(OutboundMessage::text).toList();
        for (String text : crisisReplies.in(in).reply(risk, earlierPatientTexts)) {
            t.replies.add(botMessage(text, List.of(), List.of()).inLanguage(Locales.DEFAULT.equals(in) ? null : in));
        }
        Priority priority = risk.level() == RiskLevel.EMERGENCY ? Priority.EMERGENCY : Priority.URGENT;
        String riskText = risk.level().code() + " " + risk.category().code()
                + (t.checkAnsweredNo ? " " + Handoff.AFTER_CHECK : "");
        Optional<Handoff> open = handoffs.find(s.handoffId()).filter(Handoff::open);
        if (open.isPresent()) {
            handoffs.addToThread(open.get().id(), said);
            Handoff h = handoffs.escalate(open.get().id(), priority, "risk", riskText);
            t.session = s.withMode(h.status() == HandoffStatus.CLAIMED ? Mode.HUMAN : Mode.CRISIS, h.id())
                    .withCrisisTurns(0);
        } else {
            List<OutboundMessage> history = new ArrayList<>(earlier);
            history.add(said);
            Handoff h = handoffs.open(new Handoffs.Request(s.practice(), s.channel(), s.address(), s.id(), priority,
                    "risk", summary(s, riskText), history));
            t.session = s.withMode(Mode.CRISIS, h.id()).withCrisisTurns(0);
        }
        log.warn("Risk raised in session {}: {} (handoff {})", s.id(), riskText, t.session.handoffId());
        t.events.add(new ConversationEvents.RiskRaised(s.id(), s.practice(), risk.level().code(),
                risk.category().code(), clock.instant()));
        t.replies.forEach(r -> handoffs.addToThread(t.session.handoffId(), r));
    }

    /** The crisis reply as an urgent card, and out of hours, that the practice is closed and when it opens. */
    private void crisisCard(TurnState t) {
        List<OutboundMessage> urgent = CrisisCard.urgent(t.replies);
        t.replies.clear();
        t.replies.addAll(urgent);
        if (CrisisCard.practiceClosed(t.practice, clock)) {
            int before = t.replies.size();
            say(t, CrisisCard.PRACTICE_CLOSED, Map.of());
            OutboundMessage closed = t.replies.remove(before).asUrgent();
            t.replies.add(closed);
            handoffs.addToThread(t.session.handoffId(), closed);
        }
    }

    /**
     * A message in a language the bot cannot read: it can neither check it for risk nor understand it, so the
     * patient gets the crisis numbers at once and an honest line, and a person gets the conversation, marked with
     * the language, rather than the patient getting "I didn't understand" again and again.
     */
    private void otherLanguage(TurnState t, LanguageGuess.Detected language, OutboundMessage said, boolean fresh) {
        if (fresh) {
            t.events.add(new ConversationEvents.Started(t.session.id(), t.practice.id(), t.session.channel(),
                    clock.instant()));
        }
        for (String text : crisis(t).otherLanguage()) {
            t.replies.add(botMessage(t, text, List.of(), List.of()));
        }
        Session s = t.session.withNeeds(t.session.needs(), said.text());
        List<OutboundMessage> history = new ArrayList<>(fresh ? List.of() : store.transcript(s.id()));
        history.add(said);
        Handoff.Summary base = summary(s, null);
        Handoff h = handoffs.open(new Handoffs.Request(s.practice(), s.channel(), s.address(), s.id(),
                Priority.ROUTINE, "other_language", new Handoff.Summary(base.needs(), base.postcodeArea(),
                base.ownWords(), base.shown(), base.chosen(), null, language.name()), history));
        t.session = s.withMode(Mode.HUMAN, h.id());
        t.openedHandoff = h.id();
        log.info("Session {} wrote in {}: handed to a person (handoff {})", s.id(), language.name(), h.id());
    }

    /**
     * Whether a link worker still has this conversation. When the handoff has been closed, the bot takes over again
     * (from the start if the worker handed back, else at the close).
     */
    private boolean stillWithWorker(TurnState t, OutboundMessage said) {
        Optional<Handoff> h = handoffs.find(t.session.handoffId());
        if (h.isPresent() && h.get().open()) {
            handoffs.addToThread(h.get().id(), said);
            return true;
        }
        boolean handBack = h.map(Handoff::handBack).orElse(false);
        Session s = t.session.withMode(Mode.BOT, null);
        t.session = handBack ? s.cleared().withState("ask_matters") : s.withState("closing");
        return false;
    }

    /**
     * While a person has the conversation the bot is silent, but for asking whether to end it (and a yes to that)
     * and gentle words to someone at risk.
     */
    private void withWorker(TurnState t, String text) {
        Session s = t.session;
        Parse parse = parse(t, text, List.of());
        boolean answering = parse.is(Intents.AFFIRM) || parse.is(Intents.DENY);
        if (s.stopAsked() && answering && !lastSaidByBot(s.handoffId())) {
            s = s.withStopAsked(false); // the worker spoke since: this yes or no is for them
            t.session = s;
        }
        if (parse.is(Intents.STOP) || s.stopAsked() && answering) {
            String event = parse.intent().name();
            DialogEngine.Step step = engine.step(s.state(), event, tr -> holds(tr.condition(), parse, text, t));
            if (step.moved()) {
                String handoffId = s.handoffId();
                take(t, step.taken(), event, parse, text, false);
                t.replies.forEach(r -> handoffs.addToThread(handoffId, r));
                return;
            }
        }
        t.session = s.withStopAsked(false);
        String handoffId = s.handoffId();
        if (s.mode() == Mode.HUMAN && waiting.due(s, text, () -> lastWorkerReplyAt(handoffId))) {
            say(t, WaitingReplies.MESSAGE, Map.of());
            t.replies.forEach(r -> handoffs.addToThread(handoffId, r));
            t.session = t.session.withWaitingReplyAt(waiting.now());
        }
        if (s.mode() == Mode.CRISIS) {
            Optional<Handoff> h = handoffs.find(s.handoffId());
            if (h.isPresent() && h.get().status() == HandoffStatus.WAITING) {
                OutboundMessage m = botMessage(t, crisis(t).stayWithPatient(s.crisisTurns()), List.of(), List.of());
                t.replies.add(m);
                handoffs.addToThread(h.get().id(), m);
                t.session = t.session.withCrisisTurns(s.crisisTurns() + 1);
            } else {
                t.session = t.session.withMode(Mode.HUMAN, s.handoffId());
            }
        }
    }

    /** When a link worker last wrote to the patient in the handoff's thread, or null. */
    private Instant lastWorkerReplyAt(String handoffId) {
        List<OutboundMessage> thread = handoffs.thread(handoffId);
        for (int i = thread.size() - 1; i >= 0; i--) {
            if ("worker".equals(thread.get(i).from())) {
                return thread.get(i).at();
            }
        }
        return null;
    }

    /** Whether the last message to the patient in the handoff's thread is the bot's (not a link worker's). */
    private boolean lastSaidByBot(String handoffId) {
        List<OutboundMessage> thread = handoffs.thread(handoffId);
        for (int i = thread.size() - 1; i >= 0; i--) {
            if (!PATIENT.equals(thread.get(i).from())) {
                return "bot".equals(thread.get(i).from());
            }
        }
        return false;
    }

    // ---- understanding ---------------------------------------------------------------------------------------------

    private List<String> optionsFor(Session s) {
        return optionsFor(s, s.speech().language());
    }

    /**
     * Whether the words are one of the quick replies the bot's question in this state offers, in the conversation's
     * language or in English ("Phone call", "Weekday mornings"): two words like those are too few to tell a
     * language by, and the patient is answering the question, so they are read in the conversation's language.
     */
    private boolean answersAnOption(Session s, String text) {
        if (text == null || s.mode() != Mode.BOT) {
            return false;
        }
        String plain = text.strip().replaceAll("[.!?]+$", "");
        for (String key : promptKeys(s)) {
            for (String lang : new LinkedHashSet<>(List.of(s.speech().language(), Locales.DEFAULT))) {
                if (dialog.message(key, lang).options().stream().anyMatch(o -> o.equalsIgnoreCase(plain))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The messages that ask the question of the session's state: what it says on entry, and its reprompt. */
    private List<String> promptKeys(Session s) {
        StateDef state = dialog.state(s.state());
        List<String> keys = new ArrayList<>(state.say());
        if (state.reprompt() != null) {
            keys.add(state.reprompt());
        }
        return keys;
    }

    /** The English quick reply in the place of the one the patient chose, when they chose one in their language. */
    private Optional<String> optionInDefaultLanguage(Session s, String text) {
        String lang = s.speech().language();
        if (Locales.DEFAULT.equals(lang) || text == null) {
            return Optional.empty();
        }
        String plain = text.strip();
        for (String key : promptKeys(s)) {
            List<String> theirs = dialog.message(key, lang).options();
            List<String> english = dialog.message(key, Locales.DEFAULT).options();
            for (int i = 0; i < theirs.size() && i < english.size(); i++) {
                if (theirs.get(i).equalsIgnoreCase(plain)) {
                    return Optional.of(english.get(i));
                }
            }
        }
        return Optional.empty();
    }

    private List<String> optionsFor(Session s, String lang) {
        StateDef state = dialog.state(s.state());
        if (state.effects().contains("suggest") || state.effects().contains("show_details")
                || "offer_worker".equals(s.state())) {
            return s.offeredNames();
        }
        for (String key : state.say()) {
            List<String> options = dialog.message(key, lang).options();
            if (options.size() > 2) {
                return options;
            }
        }
        return List.of();
    }

    private String eventFor(Parse parse, String text, Session s) {
        String plain = text.trim().toLowerCase(Locale.ROOT).replaceAll("[.!?]+$", "");
        if (locales.get(s.speech().language()).skipWords().contains(plain)
                || locales.get(Locales.DEFAULT).skipWords().contains(plain)) {
            return "skip";
        }
        if (parse.is(Intents.OUT_OF_SCOPE) && s.weak() >= 1 && !answering(s)) {
            return "unsure";
        }
        return parse.intent().name();
    }

    /**
     * A follow-up, ONS4 or contact question: a bare number, "it wasn't running" or "after 5" is an answer, not a weak
     * understanding.
     */
    private static boolean answering(Session s) {
        return s.state().startsWith("ons4_") || s.state().startsWith("followup_") || s.state().startsWith("contact_");
    }

    private boolean holds(String condition, Parse parse, String text, TurnState t) {
        if (condition == null) {
            return true;
        }
        Session s = t.session;
        return switch (condition) {
            case "outcome" -> FollowUpAnswers.outcome(text, parse).isPresent();
            case "outcome_ons4" -> t.practice.ons4() && FollowUpAnswers.outcome(text, parse).isPresent();
            case "score" -> FollowUpAnswers.score(text).isPresent();
            case "ons4_offered" -> s.aftercare().ons4Offered();
            case "stop_asked" -> s.stopAsked();
            case "needs" -> !parse.needs().isEmpty();
            case "no_needs" -> parse.needs().isEmpty();
            case "postcode" -> knownPostcode(parse).isPresent();
            case "bad_postcode" -> knownPostcode(parse).isEmpty();
            case "option" -> !ChosenOptions.of(parse, optionsFor(s).size()).isEmpty();
            case "preferences" -> parse.entity("availability").isPresent() || parse.entity("cost").isPresent()
                    || parse.entity("access").isPresent();
            case "contact_by_phone", "contact_way", "phone", "bad_phone" -> ContactCapture.holds(condition, text, s);
            case ClosedCaseReturn.CONDITION -> closedCases.earlierCase(s, parse, text).isPresent();
            default -> throw new IllegalStateException("unknown condition " + condition);
        };
    }

    /**
     * Whether a menu answer is only numbers, in any script, joined by at most one short word ("1 and 4", "১ ও ৪",
     * "2, 5 & 7").
     */
    static boolean numbersOnly(String text) {
        String t = text == null ? "" : text;
        if (!t.codePoints().anyMatch(Character::isDigit)) {
            return false;
        }
        String[] rest = t.replaceAll("\\p{Nd}+", " ").replaceAll("[\\p{P}\\p{S}]+", " ").strip().split("\\s+");
        return rest.length == 1 && rest[0].length() <= 4;
    }

    private Optional<String> knownPostcode(Parse parse) {
        return parse.entities("postcode").stream().map(directory::normalisePostcode).flatMap(Optional::stream)
                .findFirst();
    }

    private void capture(TurnState t, String capture, Parse parse, String text) {
        if (capture == null) {
            return;
        }
        Session s = t.session;
        switch (capture) {
            case "needs" -> t.session = s.withNeeds(codes(parse.needs()), s.ownWords() == null ? text
                    : s.ownWords());
            case "menu_needs" -> {
                // the numbers picked, and whatever else the words say, understood as the first answer is
                Need[] all = Need.values();
                java.util.Set<Need> chosen = java.util.EnumSet.noneOf(Need.class);
                ChosenOptions.of(parse, all.length).forEach(i -> chosen.add(all[i - 1]));
                // "1 and 4" is numbers only: the needs net's guess at such words is not the patient's
                boolean words = !numbersOnly(text);
                if (words) {
                    chosen.addAll(parse.needs());
                }
                t.session = s.withNeeds(codes(chosen), s.ownWords() == null && words && !parse.needs().isEmpty()
                        ? text : s.ownWords());
            }
            case "postcode" -> t.session = s.withPostcode(knownPostcode(parse).orElse(null));
            case "preferences" -> {
                Availability when = parse.entities("availability").stream().map(Availability::parse)
                        .reduce(ChosenOptions::merge).orElse(Availability.ANY);
                t.session = s.withPreferences(when.anyTime() ? null : when.format(),
                        parse.entities("cost").contains("free"), parse.entities("access"));
            }
            case "choice" -> {
                List<Integer> picked = ChosenOptions.of(parse, s.offered().size());
                t.session = s.withChosen(picked.isEmpty() ? null : s.offered().get(picked.get(0) - 1));
            }
            case "clear" -> t.session = s.cleared();
            case "outcome" -> {
                String outcome = FollowUpAnswers.outcome(text, parse).orElseThrow();
                t.events.add(new ConversationEvents.FollowUpAnswered(s.id(), s.practice(), s.channel(), s.address(),
                        s.aftercare().referralId(), outcome, clock.instant()));
                t.session = s.withAftercare(s.aftercare().withPhase("followup", List.of()));
            }
            case "score" -> {
                List<Integer> scores = new ArrayList<>(s.aftercare().scores());
                scores.add(FollowUpAnswers.score(text).orElseThrow());
                t.session = s.withAftercare(s.aftercare().withPhase(s.aftercare().phase(), scores));
            }
            case "ons4_baseline" -> t.session = s.withAftercare(s.aftercare().withPhase("baseline", List.of()));
            case "stop_asked" -> t.session = s.withStopAsked(true);
            case "contact_way", "phone", "contact_chat", "contact_when" ->
                    t.session = s.withContact(ContactCapture.capture(capture, text, s));
            case ClosedCaseReturn.CAPTURE -> t.session = ClosedCaseReturn.heard(s, parse, text);
            default -> throw new IllegalStateException("unknown capture " + capture);
        }
    }

    private static List<String> codes(java.util.Collection<Need> needs) {
        return needs.stream().sorted().map(Need::code).toList();
    }

    // ---- words -------------------------------------------------------------------------------------------------------

    private void say(TurnState t, String key, Map<String, String> extra) {
        MessageDef m = dialog.message(key, language(t));
        String text = fill(m.forChannel(t.sms()), t, extra);
        t.replies.add(botMessage(t, text, m.options(), t.cards));
    }

    private String fill(String template, TurnState t, Map<String, String> extra) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        Map<String, String> vars = new HashMap<>(extra);
        vars.put("practice", t.practice.name());
        vars.put("phone", t.practice.phone() == null ? "" : t.practice.phone());
        Locales.Language words = words(t);
        vars.put("needs", plainNeeds(t.session.needs(), words));
        vars.put("when_contact", OpeningTimes.whenToExpectContact(t.practice, clock, words::word));
        vars.put("contact_plan", ContactCapture.plan(t.session.contact(), t.sms(), words));
        vars.put("activity", t.session.aftercare().activity() == null ? words.word("the_activity")
                : t.session.aftercare().activity());
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (open < 0 || close < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            String name = template.substring(open + 1, close);
            out.append(vars.getOrDefault(name, ""));
            i = close + 1;
        }
        return out.toString().replaceAll(" +$", "").trim();
    }

    /** The words of the conversation's language (needs' names, the small pieces put into messages). */
    private Locales.Language words(TurnState t) {
        return locales.get(language(t));
    }

    /** "meeting people, getting active and money worries", in the conversation's language. */
    static String plainNeeds(List<String> codes, Locales.Language in) {
        List<String> words = codes.stream().map(Need::fromCode).flatMap(Optional::stream)
                .map(n -> in.need(n.code())).toList();
        if (words.isEmpty()) {
            return in.word("no_needs");
        }
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(in.word("list_separator"), words.subList(0, words.size() - 1)) + in.word("and")
                + words.get(words.size() - 1);
    }

    /** What the bot says, marked with the conversation's language when it is not the default. */
    private OutboundMessage botMessage(TurnState t, String text, List<String> options, List<ActivityCard> cards) {
        String in = language(t);
        return botMessage(text, options, cards).inLanguage(Locales.DEFAULT.equals(in) ? null : in);
    }

    /** Understanding in the conversation's language; English as well when these words read as out of scope. */
    private Parse parse(TurnState t, String text, List<String> options) {
        String in = language(t);
        Parse parse = nlus.forLanguage(in, t.practice.id()).parse(text, options);
        if (!Locales.DEFAULT.equals(in) && parse.is(Intents.OUT_OF_SCOPE)) {
            Parse english = nlus.forLanguage(Locales.DEFAULT, t.practice.id()).parse(text, options);
            if (!english.is(Intents.OUT_OF_SCOPE)) {
                return english;
            }
        }
        return parse;
    }

    private OutboundMessage botMessage(String text, List<String> options, List<ActivityCard> cards) {
        return new OutboundMessage(UUID.randomUUID().toString(), "bot", text, options, cards, clock.instant());
    }

    private OutboundMessage patientMessage(String text) {
        return new OutboundMessage(UUID.randomUUID().toString(), PATIENT, text, List.of(), List.of(),
                clock.instant());
    }

    private Practice practice(String id) {
        return practices.byId(id).orElse(practices.defaultPractice());
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
