package org.waymark.handoff;


/**
 * How and when a patient would like a link worker to contact them, as they said it.
 *
 * @param way   call, text or chat (reply in this conversation); null until they have said
 * @param phone the number to call or text, in E.164 ("+447700900123"); null for chat
 * @param when  when suits them, in their own words ("weekday mornings", "any time"); null until they have said
 */
public record PatientContact(String way, String phone, String when) {
    public static final String CALL = "call";
    public static final String TEXT = "text";
    public static final String CHAT = "chat";

    public PatientContact withWay(String w) {
        return new PatientContact(w, phone, when);
    }

    public PatientContact withPhone(String p) {
        return new PatientContact(way, p, when);
    }

    public PatientContact withWhen(String w) {
        return new PatientContact(way, phone, w);
    }

    /** Whether the worker needs a number for the way chosen and has none yet. */
    public boolean needsPhone() {
        return (CALL.equals(way) || TEXT.equals(way)) && phone == null;
    }

    /** The number as a UK caller dials it ("07700 900123"), or null. */
    public String phoneForDisplay() {
        if (phone == null) {
            return null;
        }
        return org.waymark.messaging.PhoneNumbers.display(phone);
    }

    /** For a link worker: "Phone call on 07700 900123, weekday mornings". */
    public String describe() {
        String how = switch (way == null ? "" : way) {
            case CALL -> "Phone call on " + phoneForDisplay();
            case TEXT -> "Text message to " + phoneForDisplay();
            case CHAT -> "Reply in this conversation";
            default -> "No preference given";
        };
        return when == null ? how : how + ", " + when;
    }
}
