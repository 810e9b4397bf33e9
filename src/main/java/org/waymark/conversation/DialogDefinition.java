package org.waymark.conversation;

import java.util.List;
import java.util.Map;

/**
 * A conversation as written in {@code dialogs/*.yaml}, with the line of each part for error messages. {@code entries}
 * are states the app itself may move a conversation into (a follow-up), beside the initial one.
 */
record DialogDefinition(String file, String name, String initial, List<String> entries, List<TransitionDef> global,
                        Map<String, StateDef> states, Map<String, MessageDef> messages) {

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
