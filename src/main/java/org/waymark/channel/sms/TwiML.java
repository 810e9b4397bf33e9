package org.waymark.channel.sms;

import java.util.List;

/** The TwiML answer to an inbound SMS: one {@code <Message>} per text. */
final class TwiML {
    static final String EMPTY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    private TwiML() {
    }

    static String messages(List<String> texts) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>");
        for (String text : texts) {
            xml.append("<Message>").append(escape(text)).append("</Message>");
        }
        return xml.append("</Response>").toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // XML 1.0 forbids most control characters even escaped
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
