package org.waymark.safety;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a patient's message into plain lower-case words so that one set of patterns catches SMS-speak, contractions
 * and common misspellings. Clause breaks (. , ! ? ; : new line) become a lone {@code ;} token so patterns and
 * negation never reach across them. Stateless and thread-safe.
 */
final class TextNormaliser {

    static final String BREAK = ";";

    private static final Pattern APOSTROPHES = Pattern.compile("[\u2018\u2019\u201B\u02BC`\u00B4]");
    private static final Pattern OD_D = Pattern.compile("\\bod'd\\b");
    private static final Pattern QUOTES = Pattern.compile("[\u201C\u201D\"]");
    private static final Pattern CLAUSE_BREAKS = Pattern.compile("[.!?;:,\\n\\r\u2026()\\[\\]]+");
    private static final Pattern CONTRACTION_NOT = Pattern.compile("\\b(can|won|shan)'t\\b|n't\\b");
    private static final Pattern OTHER_CHARS = Pattern.compile("[^a-z0-9; ]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    // "2" and "4" stand for "to" and "for" unless they count something.
    private static final Pattern DIGIT_WORDS = Pattern.compile(
            "\\b([24])\\b(?!\\s*(?:pills?|tablets?|tabs|paracetamol|packs?|packets?|boxes|box|bottles?|of|x|times|"
                    + "days?|weeks?|months?|years?|yrs|hours?|hrs|mins?|minutes|kids|children|people|men|women|"
                    + "am|pm|oclock|kms?|[0-9]))");
    // Misspellings of suicide/suicidal: sucide, suicde, suiside, sucidal, suicidle...
    private static final Pattern SUICIDAL = Pattern.compile("\\bs(?:u|ui|iu|ue|oo)[cs]{1,2}[iy]?d(?:al|el|le|il|l)l?\\b");
    private static final Pattern SUICIDE = Pattern.compile("\\bs(?:u|ui|iu|ue|oo)[cs]{1,2}[iy]?d(?:e|es)?\\b");
    private static final Pattern PHRASES = Pattern.compile(
            "\\b(?:my ?(?:self|slef|sef|elf)|me ?self|mi ?self)\\b|\\bsewer ?slide\\b|\\bself ?(?:harm|harms|harmed|"
                    + "harming|injure|injured|injuring|injury)\\b|\\bover ?(?:dose|doses|dosed|does|doze|dosing|dosd)\\b|"
                    + "\\bany ?(?:more|longer)\\b|\\bno ?(?:more|longer)\\b|\\bun ?alive\\b|\\bself ?delete\\b");

    /** SMS-speak that is a distance after a number ("10 kms on the bike"). */
    private static final Set<String> DISTANCES = Set.of("kms", "km");
    private static final Pattern NUMBER = Pattern.compile(
            "[0-9]+|two|three|four|five|six|seven|eight|nine|ten|few|couple|many");

    private static final Map<String, String> WORDS = Map.ofEntries(
            // SMS-speak
            Map.entry("u", "you"), Map.entry("ur", "your"), Map.entry("r", "are"), Map.entry("y", "why"),
            Map.entry("wanna", "want to"), Map.entry("wana", "want to"), Map.entry("wanted2", "wanted to"),
            Map.entry("gonna", "going to"), Map.entry("gunna", "going to"), Map.entry("gona", "going to"),
            Map.entry("gna", "going to"), Map.entry("gnna", "going to"),
            Map.entry("gotta", "got to"), Map.entry("finna", "going to"), Map.entry("tryna", "trying to"),
            Map.entry("im", "i am"), Map.entry("ive", "i have"), Map.entry("iam", "i am"),
            Map.entry("dont", "do not"), Map.entry("doesnt", "does not"), Map.entry("didnt", "did not"),
            Map.entry("cant", "can not"), Map.entry("cannot", "can not"), Map.entry("wont", "will not"),
            Map.entry("wouldnt", "would not"), Map.entry("couldnt", "could not"), Map.entry("shouldnt", "should not"),
            Map.entry("isnt", "is not"), Map.entry("arent", "are not"), Map.entry("wasnt", "was not"),
            Map.entry("werent", "were not"), Map.entry("havent", "have not"), Map.entry("hasnt", "has not"),
            Map.entry("hadnt", "had not"), Map.entry("aint", "is not"), Map.entry("dnt", "do not"),
            Map.entry("cnt", "can not"), Map.entry("idk", "i do not know"),
            Map.entry("hes", "he is"), Map.entry("shes", "she is"), Map.entry("theyre", "they are"),
            Map.entry("youre", "you are"), Map.entry("thats", "that is"), Map.entry("whats", "what is"),
            Map.entry("theres", "there is"), Map.entry("its", "it is"), Map.entry("hed", "he would"),
            Map.entry("theyd", "they would"), Map.entry("theyll", "they will"), Map.entry("youll", "you will"),
            Map.entry("itll", "it will"), Map.entry("ima", "i am going to"), Map.entry("imma", "i am going to"),
            Map.entry("rn", "right now"), Map.entry("atm", "at the moment"), Map.entry("tn", "tonight"),
            Map.entry("2nite", "tonight"), Map.entry("2night", "tonight"), Map.entry("tonite", "tonight"),
            Map.entry("2day", "today"), Map.entry("2moro", "tomorrow"), Map.entry("2morrow", "tomorrow"),
            Map.entry("tmrw", "tomorrow"), Map.entry("b4", "before"), Map.entry("ppl", "people"),
            Map.entry("bf", "boyfriend"), Map.entry("gf", "girlfriend"), Map.entry("hubby", "husband"),
            Map.entry("cos", "because"), Map.entry("coz", "because"), Map.entry("cuz", "because"),
            Map.entry("bc", "because"), Map.entry("bcos", "because"), Map.entry("thru", "through"),
            Map.entry("nite", "night"), Map.entry("pls", "please"), Map.entry("plz", "please"),
            Map.entry("abt", "about"), Map.entry("sumone", "someone"), Map.entry("some1", "someone"),
            Map.entry("any1", "anyone"), Map.entry("every1", "everyone"), Map.entry("no1", "no one"),
            Map.entry("someones", "someone has"),
            Map.entry("somebodys", "somebody has"),
            Map.entry("wiv", "with"), Map.entry("wit", "with"), Map.entry("n", "and"),
            Map.entry("evry", "every"), Map.entry("nd", "and"), Map.entry("shud", "should"),
            Map.entry("wud", "would"), Map.entry("cud", "could"), Map.entry("luv", "love"),
            // self-harm and suicide slang
            Map.entry("kms", "kill myself"), Map.entry("kys", "kill yourself"), Map.entry("ctb", "kill myself"),
            Map.entry("unalive", "kill"), Map.entry("selfharm", "self harm"), Map.entry("sh", "self harm"),
            Map.entry("od", "overdose"), Map.entry("oded", "overdosed"),
            // misspellings
            Map.entry("kil", "kill"), Map.entry("kll", "kill"), Map.entry("kiled", "killed"),
            Map.entry("killd", "killed"), Map.entry("kilin", "killing"), Map.entry("killin", "killing"),
            Map.entry("myslef", "myself"), Map.entry("mysefl", "myself"), Map.entry("mysef", "myself"),
            Map.entry("myelf", "myself"), Map.entry("meself", "myself"), Map.entry("miself", "myself"),
            Map.entry("myselfe", "myself"), Map.entry("ded", "dead"),
            Map.entry("paracetemol", "paracetamol"), Map.entry("paracetomol", "paracetamol"),
            Map.entry("parecetamol", "paracetamol"), Map.entry("parcetamol", "paracetamol"),
            Map.entry("paracetamols", "paracetamol"), Map.entry("paras", "paracetamol"),
            Map.entry("pils", "pills"), Map.entry("pilz", "pills"), Map.entry("tabs", "tablets"),
            Map.entry("tablts", "tablets"), Map.entry("overdoes", "overdose"), Map.entry("overdoze", "overdose"),
            Map.entry("rist", "wrist"),
            Map.entry("rists", "wrists"),
            Map.entry("hert", "hurt"), Map.entry("hurtin", "hurting"), Map.entry("harmin", "harming"),
            Map.entry("cuttin", "cutting"), Map.entry("endin", "ending"),
            Map.entry("livin", "living"), Map.entry("nothin", "nothing"), Map.entry("somethin", "something"),
            Map.entry("breath", "breathe"),
            Map.entry("breathin", "breathing"), Map.entry("brething", "breathing"), Map.entry("brethe", "breathe"),
            Map.entry("knive", "knife"), Map.entry("nife", "knife"),
            Map.entry("abuseing", "abusing"), Map.entry("hitt", "hit"), Map.entry("hittin", "hitting"),
            Map.entry("beatin", "beating"), Map.entry("threatend", "threatened"), Map.entry("threatned", "threatened"),
            Map.entry("strok", "stroke"), Map.entry("unconcious", "unconscious"), Map.entry("unconsious", "unconscious"),
            Map.entry("unconscience", "unconscious"), Map.entry("concious", "conscious"),
            Map.entry("breating", "breathing"), Map.entry("bleedin", "bleeding"), Map.entry("blooding", "bleeding"));

    String normalise(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = APOSTROPHES.matcher(s).replaceAll("'");
        s = OD_D.matcher(s).replaceAll("overdosed"); // before the apostrophe goes and leaves the word "odd"
        s = QUOTES.matcher(s).replaceAll(" ");
        s = expandContractions(s);
        s = CLAUSE_BREAKS.matcher(s).replaceAll(" ; ");
        s = s.replace("&", " and ").replace("+", " plus ").replace("'", "");
        s = OTHER_CHARS.matcher(s).replaceAll(" ");
        s = SPACES.matcher(s).replaceAll(" ").trim();
        s = DIGIT_WORDS.matcher(s).replaceAll(m -> m.group(1).equals("2") ? "to" : "for");
        s = joinPhrases(s);
        s = SUICIDAL.matcher(s).replaceAll("suicidal");
        s = SUICIDE.matcher(s).replaceAll("suicide");
        StringBuilder out = new StringBuilder(s.length() + 16);
        String before = "";
        for (String word : s.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            String plain = stretch(word);
            // "walked 5 kms today": after a number, kilometres, never "kill myself"
            out.append(DISTANCES.contains(plain) && NUMBER.matcher(before).matches() ? "kilometres"
                    : WORDS.getOrDefault(plain, plain));
            before = word;
        }
        return out.toString();
    }

    private static String expandContractions(String s) {
        s = CONTRACTION_NOT.matcher(s).replaceAll(m -> m.group(1) == null ? " not"
                : switch (m.group(1)) {
                    case "won" -> "will not";
                    case "shan" -> "shall not";
                    default -> "can not";
                });
        return s.replace("i'm", "i am").replace("'ll", " will").replace("'ve", " have").replace("'re", " are")
                .replace("i'd", "i would").replace("he'd", "he would").replace("she'd", "she would")
                .replace("they'd", "they would").replace("you'd", "you would");
    }

    private static String joinPhrases(String s) {
        Matcher m = PHRASES.matcher(s);
        return m.replaceAll(r -> {
            String p = r.group().replace(" ", "");
            if (p.startsWith("my") || p.startsWith("me") || p.startsWith("mi")) {
                return "myself";
            }
            if (p.startsWith("sewer")) {
                return "suicide";
            }
            if (p.startsWith("self")) {
                return p.startsWith("selfdelete") ? "kill myself" : "self " + p.substring(4);
            }
            if (p.startsWith("over")) {
                return p.endsWith("dosed") || p.endsWith("dosd") ? "overdosed"
                        : p.endsWith("dosing") ? "overdosing" : "overdose";
            }
            if (p.startsWith("un")) {
                return "kill";
            }
            return p.startsWith("any") ? "anymore" : "no more";
        });
    }

    /** Collapses a letter stretched for feeling ("dieeee", "killlll") to one; English doubles ("kill") stay. */
    private static String stretch(String word) {
        if (word.length() < 4) {
            return word;
        }
        StringBuilder b = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            int run = 1;
            while (i + run < word.length() && word.charAt(i + run) == c) {
                run++;
            }
            b.append(c);
            if (run == 2) {
                b.append(c);
            }
            i += run - 1;
        }
        return b.toString();
    }
}
