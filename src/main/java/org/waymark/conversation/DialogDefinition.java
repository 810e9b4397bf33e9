package org.waymark.conversation;

import java.util.List;
import java.util.Map;

/**
 * A conversation as written in {@code dialogs/*.yaml}, with the line of each part for error messages, and its
 * messages in each other language ({@code dialogs/<code>/self-referral.yaml}). {@code entries}
 * are states the app itself may move a conversation into (a follow-up), beside the initial one.
 */
record DialogDefinition(String file, String name, String initial, List<String> entries, List<TransitionDef> global,
                        Map<String, StateDef> states, Map<String, MessageDef> messages,
                        Map<String, Map<String, MessageDef>> translations) {

    DialogDefinition(String file, String name, String initial, List<String> entries, List<TransitionDef> global,
                     Map<String, StateDef> states, Map<String, MessageDef> messages) {
        this(file, name, initial, entries, global, states, messages, Map.of());
    }

    /** The same conversation with its messages in other languages too (language code to messages). */
    DialogDefinition withTranslations(Map<String, Map<String, MessageDef>> byLanguage) {
        return new DialogDefinition(file, name, initial, entries, global, states, messages, Map.copyOf(byLanguage));
    }

    /** A message in a language; in English when the language has none (the loader makes sure every one has all). */
    MessageDef message(String key, String language) {
        Map<String, MessageDef> translated = language == null ? null : translations.get(language);
        MessageDef m = translated == null ? null : translated.get(key);
        return m != null ? m : messages.get(key);
    }

    record StateDef(String name, List<String> say, List<String> effects, List<TransitionDef> on, String reprompt,
                    boolean global, int line) {
    }

    /** {@code target} null means "stay in the state" (an internal transition). */
    record TransitionDef(String id, List<String> intents, String condition, String capture, String target,
                         List<String> say, int line) {
    }

    record MessageDef(String key, String text, String sms, List<String> options, int line) {
        String forChannel(boolean sms) {
            return sms && this.sms != null ? this.sms : text;
        }
    }

    StateDef state(String name) {
        return states.get(name);
    }

    MessageDef message(String key) {
        return messages.get(key);
    }
}
