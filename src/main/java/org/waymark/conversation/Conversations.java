package org.waymark.conversation;

import org.waymark.messaging.Channel;
import org.waymark.messaging.InboundMessage;

/** The one entry point channels call: one patient message in, this turn's replies out. */
public interface Conversations {

    /**
     * Starts a conversation the channel opened itself (web chat): creates the session and returns the welcome.
     * {@code practice} may be null for the default practice.
     */
    Turn start(Channel channel, String address, String practice);

    /**
     * Handles one message: safety first, then the bot (or, during a handoff, the link worker's thread). Loads the
     * session by (channel, address), saves it and the transcript. A web chat message for a session that does not
     * exist throws {@link UnknownSessionException}; an SMS from a new number starts one.
     */
    Turn handle(InboundMessage message);

    /**
     * For a patient who has opted out (SMS STOP): only the safety check runs. A risky message still gets the crisis
     * reply and opens a handoff; anything else gets no reply and changes nothing.
     */
    Turn handleOptedOut(InboundMessage message);

    /**
     * The patient opted back in (SMS START, or YES after STOP): a conversation they had ended by saying yes to
     * "do you want to end this chat?" begins again at the welcome, which the turn returns (with the patient's
     * message in the transcript); any other conversation carries on where it was, and the turn has no replies and
     * no session id.
     */
    Turn resume(InboundMessage message);

    /**
     * The patient chose a language (the widget's switch): the conversation goes on in it, saying so and asking the
     * current question again; nothing when it is already in it. Throws {@link UnknownSessionException} for no
     * conversation and IllegalArgumentException for a language the bot does not speak.
     */
    Turn changeLanguage(Channel channel, String address, String language);

    /** The language of the patient's conversation (the default when there is none), for texts outside it. */
    String languageOf(Channel channel, String address);

    /** The whole conversation so far, patient messages included, oldest first. */
    java.util.List<org.waymark.messaging.OutboundMessage> transcript(Channel channel, String address);

    /**
     * Moves the patient's conversation into the follow-up about a referral ("did you go to X?"), saves the question
     * in the transcript and returns it for the caller to deliver on the patient's channel. Returns no replies when
     * the patient must not be asked now: they said STOP, or a link worker has the conversation.
     */
    Turn followUp(Channel channel, String address, String practice, String referralId, String activity,
                  boolean reminder);

    /**
     * Erases every session the address has had (within the transcript retention) with its transcript and
     * handoffs, which leave the link workers' queue, and publishes {@link ConversationEvents.Forgotten} so other
     * modules erase theirs. {@code by} is who asked, for the audit: {@code "patient"} or the administrator's user
     * name. Returns how many sessions there were.
     */
    int forget(Channel channel, String address, String by);
}
