package org.waymark.channel.sms;

import org.waymark.messaging.Gsm7;

/**
 * How many SMS parts a text takes, as carriers bill it. GSM-7: 160 characters in one part, 153 per part when split,
 * the extension characters {@code ^{}\[~]|€} counting two; anything outside GSM-7 makes the whole text UCS-2: 70 in
 * one part, 67 per part.
 *
 * @param encoding how the text travels
 * @param units    septets (GSM-7) or UTF-16 code units (UCS-2)
 * @param segments parts billed, 0 for an empty text
 */
public record SmsSegments(Encoding encoding, int units, int segments) {

    public enum Encoding { GSM_7, UCS_2 }


    public static SmsSegments of(String text) {
        if (text == null || text.isEmpty()) {
            return new SmsSegments(Encoding.GSM_7, 0, 0);
        }
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int cost = Gsm7.septets(c);
            if (cost > 0) {
                septets += cost;
            } else {
                int units = text.length();
                return new SmsSegments(Encoding.UCS_2, units, units <= 70 ? 1 : (units + 66) / 67);
            }
        }
        return new SmsSegments(Encoding.GSM_7, septets, septets <= 160 ? 1 : (septets + 152) / 153);
    }

}
