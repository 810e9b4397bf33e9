package org.waymark.channel.sms;

import java.util.List;

import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Message;

/**
 * The TwiML answer to an inbound SMS, one {@code <Message>} per text, written by the Twilio SDK's {@link
 * MessagingResponse}: an XML declaration saying UTF-8, the text escaped as XML ({@code & < >}; a character outside
 * the Basic Multilingual Plane, an emoji, as a character reference). Characters XML 1.0 forbids even escaped
 * (control characters other than tab and line breaks) are dropped first: the SDK would write them as references
 * Twilio's parser refuses.
 */
final class TwiML {
    /** No reply: {@code <Response/>}. */
    static final String EMPTY = new MessagingResponse.Builder().build().toXml();

    private TwiML() {
    }

    static String messages(List<String> texts) {
        if (texts.isEmpty()) {
            return EMPTY;
        }
        MessagingResponse.Builder response = new MessagingResponse.Builder();
        for (String text : texts) {
            response.message(new Message.Builder(xmlChars(text)).build());
        }
        return response.build().toXml();
    }

    /** The text without the characters XML 1.0 cannot carry. */
    static String xmlChars(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\n' || c == '\r' || c == '\t') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
