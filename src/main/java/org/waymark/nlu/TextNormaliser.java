package org.waymark.nlu;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lower-cases, expands contractions and SMS-speak and fixes common misspellings, so that "cant c u m8" and
 * "can't see you mate" reach the classifiers as the same words.
 */
final class TextNormaliser {

    private static final Pattern APOSTROPHES = Pattern.compile("[\u2018\u2019\u02bc`\u00b4]");
    /** A word: letters and digits, with the marks of scripts that write vowels as marks (Bengali's "া", "ি"). */
    private static final Pattern TOKEN = Pattern.compile(
            "[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*(?:['.][\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*)*|[?!]+");
    private static final Pattern REPEATS = Pattern.compile("([a-z])\\1{2,}");

    /** One word to one or more words; applied to whole tokens only. */
    private static final Map<String, String> WORDS = words(
            // contractions, with or without the apostrophe
            Map.entry("can't", "can not"), Map.entry("cant", "can not"), Map.entry("cannot", "can not"),
            Map.entry("won't", "will not"), Map.entry("wont", "will not"),
            Map.entry("don't", "do not"), Map.entry("dont", "do not"), Map.entry("dnt", "do not"),
            Map.entry("doesn't", "does not"), Map.entry("doesnt", "does not"),
            Map.entry("didn't", "did not"), Map.entry("didnt", "did not"),
            Map.entry("isn't", "is not"), Map.entry("isnt", "is not"),
            Map.entry("aren't", "are not"), Map.entry("arent", "are not"),
            Map.entry("wasn't", "was not"), Map.entry("wasnt", "was not"),
            Map.entry("weren't", "were not"), Map.entry("havent", "have not"), Map.entry("haven't", "have not"),
            Map.entry("hasn't", "has not"), Map.entry("hasnt", "has not"), Map.entry("hadn't", "had not"),
            Map.entry("shouldn't", "should not"), Map.entry("shouldnt", "should not"),
            Map.entry("wouldn't", "would not"), Map.entry("wouldnt", "would not"),
            Map.entry("couldn't", "could not"), Map.entry("couldnt", "could not"),
            Map.entry("ain't", "am not"), Map.entry("aint", "am not"),
            Map.entry("i'm", "i am"), Map.entry("im", "i am"), Map.entry("i've", "i have"), Map.entry("ive", "i have"),
            Map.entry("i'll", "i will"), Map.entry("i'd", "i would"), Map.entry("id", "i would"),
            Map.entry("you're", "you are"), Map.entry("youre", "you are"), Map.entry("ur", "your"),
            Map.entry("you've", "you have"), Map.entry("you'll", "you will"),
            Map.entry("it's", "it is"), Map.entry("that's", "that is"), Map.entry("thats", "that is"),
            Map.entry("what's", "what is"), Map.entry("whats", "what is"), Map.entry("there's", "there is"),
            Map.entry("let's", "let us"), Map.entry("we're", "we are"), Map.entry("they're", "they are"),
            Map.entry("he's", "he is"), Map.entry("she's", "she is"), Map.entry("gonna", "going to"),
            Map.entry("wanna", "want to"), Map.entry("gotta", "got to"), Map.entry("dunno", "do not know"),
            Map.entry("idk", "i do not know"), Map.entry("dno", "do not know"), Map.entry("duno", "do not know"),
            Map.entry("innit", "is it not"),
            // SMS-speak
            Map.entry("u", "you"), Map.entry("ya", "you"), Map.entry("yu", "you"), Map.entry("r", "are"),
            Map.entry("m8", "mate"), Map.entry("m8s", "mates"), Map.entry("gr8", "great"),
            Map.entry("l8", "late"), Map.entry("l8r", "later"), Map.entry("2day", "today"),
            Map.entry("2moro", "tomorrow"), Map.entry("2morrow", "tomorrow"), Map.entry("tmrw", "tomorrow"),
            Map.entry("2nite", "tonight"), Map.entry("tonite", "tonight"), Map.entry("b4", "before"),
            Map.entry("pls", "please"), Map.entry("plz", "please"), Map.entry("plse", "please"),
            Map.entry("thx", "thanks"), Map.entry("thnx", "thanks"), Map.entry("thanx", "thanks"),
            Map.entry("ta", "thanks"), Map.entry("ty", "thank you"), Map.entry("tnx", "thanks"),
            Map.entry("msg", "message"), Map.entry("txt", "text"), Map.entry("ppl", "people"),
            Map.entry("sum1", "someone"), Map.entry("some1", "someone"), Map.entry("any1", "anyone"),
            Map.entry("no1", "no one"), Map.entry("every1", "everyone"), Map.entry("bc", "because"),
            Map.entry("cos", "because"), Map.entry("coz", "because"), Map.entry("cuz", "because"),
            Map.entry("bcos", "because"), Map.entry("bcoz", "because"), Map.entry("becos", "because"),
            Map.entry("wiv", "with"), Map.entry("wid", "with"), Map.entry("w", "with"), Map.entry("abt", "about"),
            Map.entry("tho", "though"), Map.entry("thru", "through"), Map.entry("nite", "night"),
            Map.entry("luv", "love"), Map.entry("wat", "what"), Map.entry("wot", "what"), Map.entry("wht", "what"),
            Map.entry("hv", "have"), Map.entry("av", "have"), Map.entry("ave", "have"), Map.entry("nd", "and"), Map.entry("c", "see"), Map.entry("k", "ok"), Map.entry("kk", "ok"),
            Map.entry("okay", "ok"), Map.entry("okey", "ok"), Map.entry("oky", "ok"), Map.entry("okie", "ok"),
            Map.entry("bout", "about"), Map.entry("summat", "something"), Map.entry("sumthing", "something"),
            Map.entry("nuthin", "nothing"), Map.entry("nothin", "nothing"), Map.entry("nowt", "nothing"),
            Map.entry("owt", "anything"), Map.entry("dat", "that"), Map.entry("da", "the"), Map.entry("wen", "when"),
            Map.entry("hun", "hun"), Map.entry("lyk", "like"), Map.entry("wk", "week"), Map.entry("wkend", "weekend"),
            Map.entry("wkends", "weekends"), Map.entry("wknd", "weekend"), Map.entry("wkday", "weekday"),
            Map.entry("wkdays", "weekdays"), Map.entry("mornin", "morning"), Map.entry("evenin", "evening"),
            Map.entry("somethin", "something"), Map.entry("nothing's", "nothing is"), Map.entry("prob", "probably"),
            Map.entry("probs", "probably"), Map.entry("defo", "definitely"), Map.entry("def", "definitely"),
            Map.entry("hav", "have"), Map.entry("gud", "good"), Map.entry("gd", "good"), Map.entry("kno", "know"),
            Map.entry("knw", "know"), Map.entry("becuz", "because"), Map.entry("lil", "little"),
            Map.entry("cud", "could"), Map.entry("shud", "should"), Map.entry("wud", "would"),
            Map.entry("ppls", "people"), Map.entry("peeps", "people"), Map.entry("convo", "conversation"),
            // common misspellings
            Map.entry("lonley", "lonely"), Map.entry("lonly", "lonely"), Map.entry("lonelly", "lonely"),
            Map.entry("loney", "lonely"), Map.entry("lonleyness", "loneliness"), Map.entry("lonelyness", "loneliness"),
            Map.entry("isolatd", "isolated"), Map.entry("depresed", "depressed"), Map.entry("depressd", "depressed"),
            Map.entry("anxius", "anxious"), Map.entry("anxios", "anxious"), Map.entry("axious", "anxious"),
            Map.entry("anxeity", "anxiety"), Map.entry("anxitey", "anxiety"), Map.entry("anxity", "anxiety"),
            Map.entry("stresed", "stressed"), Map.entry("excercise", "exercise"), Map.entry("exersize", "exercise"),
            Map.entry("exercize", "exercise"), Map.entry("excersise", "exercise"), Map.entry("exercice", "exercise"),
            Map.entry("exsercise", "exercise"), Map.entry("wieght", "weight"), Map.entry("waight", "weight"),
            Map.entry("garden", "garden"), Map.entry("gardning", "gardening"), Map.entry("gardenin", "gardening"),
            Map.entry("volunter", "volunteer"), Map.entry("volounteer", "volunteer"), Map.entry("voluntere", "volunteer"),
            Map.entry("volunteering", "volunteering"), Map.entry("volenteer", "volunteer"),
            Map.entry("voluntering", "volunteering"), Map.entry("volenteering", "volunteering"),
            Map.entry("rent", "rent"), Map.entry("morgage", "mortgage"), Map.entry("mortage", "mortgage"),
            Map.entry("landlrd", "landlord"), Map.entry("benifits", "benefits"), Map.entry("benefit's", "benefits"),
            Map.entry("bennefits", "benefits"), Map.entry("benafits", "benefits"), Map.entry("benfits", "benefits"),
            Map.entry("dept", "debt"), Map.entry("dets", "debts"), Map.entry("dettes", "debts"),
            Map.entry("emplyment", "employment"), Map.entry("employement", "employment"), Map.entry("jobb", "job"),
            Map.entry("carer's", "carers"), Map.entry("carrer", "carer"), Map.entry("carring", "caring"),
            Map.entry("freind", "friend"), Map.entry("freinds", "friends"), Map.entry("frends", "friends"),
            Map.entry("frend", "friend"), Map.entry("frinds", "friends"), Map.entry("realy", "really"),
            Map.entry("rly", "really"), Map.entry("reely", "really"), Map.entry("beleive", "believe"),
            Map.entry("recieve", "receive"), Map.entry("wierd", "weird"), Map.entry("tommorow", "tomorrow"),
            Map.entry("tomorow", "tomorrow"), Map.entry("tommorrow", "tomorrow"), Map.entry("wensday", "wednesday"),
            Map.entry("wednsday", "wednesday"), Map.entry("thurs", "thursday"), Map.entry("tues", "tuesday"),
            Map.entry("weds", "wednesday"), Map.entry("mon", "monday"),
            Map.entry("fri", "friday"), Map.entry("evng", "evening"), Map.entry("mornings", "mornings"),
            Map.entry("seperate", "separate"), Map.entry("definately", "definitely"), Map.entry("untill", "until"),
            Map.entry("alot", "a lot"), Map.entry("helo", "hello"), Map.entry("hallo", "hello"),
            Map.entry("hiya", "hiya"), Map.entry("thankyou", "thank you"), Map.entry("thanku", "thank you"),
            Map.entry("thnks", "thanks"), Map.entry("thanks", "thanks"), Map.entry("neighbour", "neighbour"),
            Map.entry("neighbor", "neighbour"), Map.entry("neighbors", "neighbours"), Map.entry("colour", "colour"),
            Map.entry("painting", "painting"), Map.entry("cookin", "cooking"), Map.entry("eatin", "eating"),
            Map.entry("walkin", "walking"), Map.entry("goin", "going"), Map.entry("doin", "doing"),
            Map.entry("feelin", "feeling"), Map.entry("nothink", "nothing"), Map.entry("sumfin", "something"),
            Map.entry("wiv", "with"), Map.entry("skint", "skint"), Map.entry("bills", "bills"));

    private TextNormaliser() {
    }

    @SafeVarargs
    private static Map<String, String> words(Map.Entry<String, String>... entries) {
        Map<String, String> map = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : entries) {
            if (!e.getKey().equals(e.getValue())) {
                map.put(e.getKey(), e.getValue());
            }
        }
        return Map.copyOf(map);
    }

    /** The normalised tokens; punctuation other than ? and ! is dropped. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        var m = TOKEN.matcher(prepare(text));
        while (m.find()) {
            String t = m.group();
            if (t.indexOf('.') >= 0 && !Character.isDigit(t.charAt(0))) {
                // "e.g." or "last.fm": keep the parts
                for (String part : t.split("\\.")) {
                    add(out, part);
                }
            } else {
                add(out, t);
            }
        }
        return out;
    }

    /** Whether a lower-case word is SMS-speak or a contraction we expand ("m8", "b4"): not a postcode then. */
    static boolean isShorthand(String word) {
        return WORDS.containsKey(word);
    }

    /** The normalised text as one string of space-separated tokens. */
    static String normalise(String text) {
        return String.join(" ", tokens(text));
    }

    private static void add(List<String> out, String token) {
        if (token.isEmpty()) {
            return;
        }
        if (token.charAt(0) == '?' || token.charAt(0) == '!') {
            out.add(token.substring(0, 1));
            return;
        }
        String t = hasTripled(token) ? REPEATS.matcher(token).replaceAll("$1$1") : token;
        String mapped = WORDS.get(t);
        if (mapped == null && t.endsWith("'s") && t.length() > 2) {
            // possessive: "wife's" -> "wife"
            mapped = WORDS.getOrDefault(t.substring(0, t.length() - 2), t.substring(0, t.length() - 2));
        }
        if (mapped == null) {
            out.add(t.replace("'", ""));
            return;
        }
        for (String part : mapped.split(" ")) {
            out.add(part);
        }
    }

    /** "sooo" and "yesss": three or more of one letter in a row. */
    private static boolean hasTripled(String token) {
        for (int i = 2; i < token.length(); i++) {
            if (token.charAt(i) == token.charAt(i - 1) && token.charAt(i) == token.charAt(i - 2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPlainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128 || c == '`') {
                return false;
            }
        }
        return true;
    }

    private static String prepare(String text) {
        if (text == null) {
            return "";
        }
        if (isPlainAscii(text)) {
            return text.toLowerCase(Locale.ROOT);
        }
        // fold accents so "münchner" and "munchner" meet; ß is a letter of its own in Unicode. Only Latin letters
        // lose their marks: in Bengali and other Indic scripts a mark is a vowel ("হ্যাঁ" is not "হয")
        String s = Normalizer.normalize(text.replace("ß", "ss"), Normalizer.Form.NFKD);
        s = foldLatinMarks(s);
        s = APOSTROPHES.matcher(s).replaceAll("'");
        s = Normalizer.normalize(asciiDigits(s), Normalizer.Form.NFC);
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * Drops the combining marks that follow a Latin letter (accents) or anything that is no script's letter (an
     * emoji's variation selector, a keycap), as before; keeps the marks of every other script's letters.
     */
    private static String foldLatinMarks(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean strip = true;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK) {
                if (!strip) {
                    b.appendCodePoint(c);
                }
                continue;
            }
            strip = !keepsMarks(c);
            b.appendCodePoint(c);
        }
        return b.toString();
    }

    /** A letter of a script other than Latin: its marks are vowels and signs, not accents. */
    static boolean keepsMarks(int c) {
        if (!Character.isLetter(c)) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script != Character.UnicodeScript.LATIN && script != Character.UnicodeScript.COMMON
                && script != Character.UnicodeScript.INHERITED;
    }

    /** Every script's decimal digits (Bengali ০-৯, Arabic-Indic, Devanagari...) as 0-9; the rest as it is. */
    static String asciiDigits(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7F && Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                if (b == null) {
                    b = new StringBuilder(text);
                }
                b.setCharAt(i, (char) ('0' + Character.digit(c, 10)));
            }
        }
        return b == null ? text : b.toString();
    }
}
