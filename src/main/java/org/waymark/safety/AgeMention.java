package org.waymark.safety;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds a mention of an age under 19 ("I'm 15", "im 14 yrs old", "I'm in year 9"), so Childline is offered. */
final class AgeMention {

    private static final Pattern AGE = Pattern.compile("\\b(?:i am|aged|age|im) (?:only |just |nearly |almost )?"
            + "([0-9]{1,2})\\b(?! (?:minutes|mins|hours|hrs|days|weeks|months|pounds|quid|stone|kg|kilos|percent|miles|"
            + "times|pm|am|oclock|weeks pregnant|pence|p\\b))|\\bi am ([0-9]{1,2}) (?:years?|yrs?) old\\b|"
            + "\\b([0-9]{1,2}) (?:yo|y o|years? old|yrs? old)\\b(?=.*\\bi\\b)|\\bi am in year (?:([5-9]|1[0-3]))\\b");

    private AgeMention() {
    }

    static boolean under19(String normalised) {
        Matcher m = AGE.matcher(normalised);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    int value = Integer.parseInt(m.group(g));
                    if (g == 4 || (value >= 5 && value < 19)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
