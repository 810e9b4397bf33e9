package org.waymark.conversation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import org.waymark.handoff.PatientContact;
import org.waymark.locale.Locales;
import org.waymark.messaging.Channel;

/**
 * Asking how and when a link worker may contact the patient, once they have said yes to being contacted: a phone
 * call, a text, or a reply in this chat; a UK number for the first two (an SMS patient's own number unless they give
 * another); and when suits them, in their words. The dialog's conditions and captures for it.
 */
final class ContactCapture {
    /** The most of "when suits" kept: it is the patient's own words for the worker, not a story. */
    static final int WHEN_CHARS = 120;
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern CALL = Pattern.compile("\\b(call|calls|ring|phone|phoning|speak|talk on the phone)\\b");
    private static final Pattern TEXT = Pattern.compile("\\b(text|texts|texting|sms|txt|message me|whatsapp)\\b");
    private static final Pattern CHAT = Pattern.compile("\\b(here|chat|online|this way|reply here|write|in writing"
            + "|email)\\b");
    private static final Pattern ANY_TIME = Pattern.compile("^(any ?time|anytime|whenever|dont mind|do not mind"
            + "|don't mind|no preference|skip|not sure|dont know|don't know|idk)$");
    private static final Pattern DIGITS = Pattern.compile("\\d{3,}|\\d+[ -]\\d+");

    private ContactCapture() {
    }

    static boolean holds(String condition, String text, Session s) {
        Optional<String> way = way(text, s.channel());
        Optional<String> phone = phone(text);
        return switch (condition) {
            // a call or text is asked for, and this message gives no number to use
            case "contact_by_phone" -> way.filter(w -> !PatientContact.CHAT.equals(w)).isPresent()
                    && phone.isEmpty() && ownNumber(s) == null;
            case "contact_way" -> way.isPresent() || phone.isPresent();
            case "phone" -> phone.isPresent();
            case "bad_phone" -> phone.isEmpty() && DIGITS.matcher(text).find();
            default -> throw new IllegalStateException("unknown condition " + condition);
        };
    }

    static PatientContact capture(String capture, String text, Session s) {
        PatientContact c = s.contact() == null ? new PatientContact(null, null, null) : s.contact();
        Optional<String> phone = phone(text);
        return switch (capture) {
            case "contact_way" -> {
                String way = way(text, s.channel()).orElse(s.channel() == Channel.SMS ? PatientContact.TEXT
                        : PatientContact.CALL); // a bare number: call it
                String number = PatientContact.CHAT.equals(way) ? null : phone.orElse(ownNumber(s));
                yield new PatientContact(way, number, c.when());
            }
            case "phone" -> c.withPhone(phone.orElseThrow());
            case "contact_chat" -> s.channel() == Channel.SMS
                    ? new PatientContact(PatientContact.TEXT, ownNumber(s), c.when())
                    : new PatientContact(PatientContact.CHAT, null, c.when());
            case "contact_when" -> {
                // a number given now replaces the one we had ("any time, but on 07700 900123")
                PatientContact withPhone = phone.isPresent() && !PatientContact.CHAT.equals(c.way())
                        ? c.withPhone(phone.get()) : c;
                String rest = withoutNumbers(text);
                yield rest.isBlank() && c.when() != null ? withPhone : withPhone.withWhen(when(rest));
            }
            default -> throw new IllegalStateException("unknown capture " + capture);
        };
    }

    /** The way the patient asks for: "a phone call", "text me", "reply here". By SMS, "here" is a text. */
    static Optional<String> way(String text, Channel channel) {
        String plain = plain(text);
        if (CALL.matcher(plain).find()) {
            return Optional.of(PatientContact.CALL);
        }
        if (TEXT.matcher(plain).find()) {
            return Optional.of(PatientContact.TEXT);
        }
        if (CHAT.matcher(plain).find()) {
            return Optional.of(channel == Channel.SMS ? PatientContact.TEXT : PatientContact.CHAT);
        }
        return Optional.empty();
    }

    /** The first UK number in the text, in E.164: "07700 900123" and "+44 7700 900123" are the same number. */
    static Optional<String> phone(String text) {
        for (PhoneNumberMatch m : PHONES.findNumbers(text, "GB", PhoneNumberUtil.Leniency.POSSIBLE, 20)) {
            Optional<String> e164 = org.waymark.messaging.PhoneNumbers.tryE164(m.rawString())
                    .filter(n -> n.startsWith("+44"));
            if (e164.isPresent()) {
                return e164;
            }
        }
        return Optional.empty();
    }

    /** The text without the phone numbers in it. */
    static String withoutNumbers(String text) {
        StringBuilder out = new StringBuilder(text);
        java.util.List<PhoneNumberMatch> found = new java.util.ArrayList<>();
        PHONES.findNumbers(text, "GB", PhoneNumberUtil.Leniency.POSSIBLE, 20).forEach(found::add);
        for (int i = found.size() - 1; i >= 0; i--) {
            out.delete(found.get(i).start(), found.get(i).end());
        }
        return out.toString().replaceAll("\\b(on|my number is|number)\\s*$", "").strip();
    }

    /** "weekday mornings", or "any time" for any time, a skip or a don't know. */
    static String when(String text) {
        String said = text.strip().replaceAll("\\s+", " ");
        String plain = plain(said);
        if (plain.isEmpty() || ANY_TIME.matcher(plain).matches()) {
            return "any time";
        }
        return said.length() > WHEN_CHARS ? said.substring(0, WHEN_CHARS) : said;
    }

    /** The number an SMS patient wrote from: the default for a call or a text. */
    private static String ownNumber(Session s) {
        return s.channel() == Channel.SMS ? s.address() : null;
    }

    /** The plan in the bot's words: "call you on 07700 900123, weekday mornings". */
    static String plan(PatientContact c, boolean sms, Locales.Language words) {
        if (c == null || c.way() == null) {
            return words.word(sms ? "contact_text_you" : "contact_reply_here");
        }
        String how = switch (c.way()) {
            case PatientContact.CALL -> words.word("contact_call_on").replace("{phone}", c.phoneForDisplay());
            case PatientContact.TEXT -> words.word("contact_text_on").replace("{phone}", c.phoneForDisplay());
            default -> words.word("contact_reply_here");
        };
        return c.when() == null ? how : how + ", " + c.when();
    }

    private static String plain(String text) {
        return text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replaceAll("[.!?]+$", "").strip();
    }
}
