package org.waymark.conversation;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.waymark.directory.AboutPatient;

/**
 * What a patient says of themselves that decides which groups they may join: "I'm 15", "widower", "new mum",
 * "im a man", "I look after my dad". Read from every message, added to what earlier ones said; it only ever rules a
 * group out (a man is not offered a women's circle), so a miss costs a suggestion, never a wrong one.
 */
final class SelfDescription {
    private static final int YOUNGEST = 5;
    private static final int OLDEST = 110;
    private static final Pattern AGE = Pattern.compile("\\b(?:i'?m|i am|im|aged|age|i turned|just turned)\\s+(?:only\\s+|just\\s+)?"
            + "(\\d{1,3})\\b(?!\\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|pounds?|quid|p\\b|%|am\\b|pm\\b"
            + "|:|\\.\\d|miles?|km|stone|kg|times|o'?clock))");
    private static final Pattern YEARS_OLD = Pattern.compile("\\b(\\d{1,3})\\s*(?:-\\s*)?(?:years?|yrs?|yr)[\\s-]*old\\b"
            + "|\\b(\\d{1,3})\\s*yo\\b");
    private static final Pattern WOMAN = Pattern.compile("\\b(?:widow|mum|mummy|mom|mother|mam|pregnant|grandma|gran"
            + "|nan|nanna|granny|(?:i'?m|i am|im|as) an? (?:woman|lady|girl|single mum|mum|mother)|my husband died"
            + "|lost my husband)\\b");
    private static final Pattern MAN = Pattern.compile("\\b(?:widower|dad|daddy|father|grandad|grandpa"
            + "|(?:i'?m|i am|im|as) an? (?:man|bloke|guy|lad|boy|single dad|dad|father)|my wife died"
            + "|lost my wife)\\b");
    private static final Pattern PARENT = Pattern.compile("\\b(?:new mum|new dad|single mum|single dad|(?:i'?m|i am|im) a "
            + "(?:mum|mother|dad|father|parent)|my (?:baby|babies|kids?|children|child|son|daughter|toddler|twins)"
            + "|mum of|mother of|dad of|father of)\\b");
    private static final Pattern CARER = Pattern.compile("\\b(?:carer|caring for|i care for|i look after|looking "
            + "after my|i'?m looking after)\\b");

    private SelfDescription() {
    }

    /** What this message says, added to what was known. */
    static AboutPatient heard(String text, AboutPatient known) {
        String plain = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        Integer age = null;
        Matcher m = AGE.matcher(plain);
        if (m.find()) {
            age = sensible(m.group(1));
        }
        Matcher y = YEARS_OLD.matcher(plain);
        if (age == null && y.find()) {
            age = sensible(y.group(1) != null ? y.group(1) : y.group(2));
        }
        boolean woman = WOMAN.matcher(plain).find();
        boolean man = MAN.matcher(plain).find();
        // "my wife died" and "I'm a mum" in one message: say nothing rather than guess
        String gender = woman == man ? null : woman ? AboutPatient.WOMAN : AboutPatient.MAN;
        AboutPatient now = new AboutPatient(age, gender, CARER.matcher(plain).find(),
                PARENT.matcher(plain).find() || plain.matches(".*\\bnew (?:mum|mom|dad|parent)\\b.*"));
        return (known == null ? AboutPatient.UNKNOWN : known).and(now);
    }

    private static Integer sensible(String digits) {
        int n = Integer.parseInt(digits);
        return n >= YOUNGEST && n <= OLDEST ? n : null;
    }
}
