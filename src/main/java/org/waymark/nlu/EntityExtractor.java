package org.waymark.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.waymark.taxonomy.Availability;

/** Finds postcodes, yes/no, numbers, option choices, availability, cost and access needs by rule. Thread-safe. */
final class EntityExtractor {

    static final String POSTCODE = "postcode";
    static final String YES_NO = "yes_no";
    static final String NUMBER = "number";
    static final String OPTION = "option";
    static final String AVAILABILITY = "availability";
    static final String COST = "cost";
    static final String ACCESS = "access";

    private static final Pattern FULL_POSTCODE =
            Pattern.compile("(?<![A-Z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][ABD-HJLNP-UW-Z]{2})(?![A-Z0-9])");
    private static final Pattern OUTWARD = Pattern.compile("(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)(?![A-Za-z0-9])");
    private static final Pattern OUTWARD_CUE =
            Pattern.compile("\\b(?:postcode|post code|in|near|live|living|from|at|around|area|is|it's|its)\\W*$");
    private static final Pattern TIME = Pattern.compile(
            "\\b(after|from|since|past|between|before|until|till|til|by|to|and|-)\\s*(\\d{1,2})(?:[:.](\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.|o'?clock)?");
    private static final Pattern CLAUSE_END = Pattern.compile("[,.;!?]");
    private static final Pattern OUT_OF_TEN = Pattern.compile("\\b(10|[0-9])\\s*(?:/|out of)\\s*10\\b");

    private static final Set<String> YES = Set.of("yes", "yeah", "yep", "yup", "ya", "yea", "yeh", "yh", "ye", "aye",
            "sure", "ok", "alright", "go on", "go on then", "yes please", "definitely", "of course", "absolutely",
            "why not", "sounds good", "sounds great", "that sounds good", "please do", "i would like that", "correct",
            "that is right", "certainly", "y", "yess", "yass", "yes yes", "ok then", "alright then", "fine",
            "that is fine", "yes that is right", "course", "defo", "definitely yes", "sure thing", "yes ok",
            "ok yes", "yeah ok", "ok sure", "go for it", "lovely", "great", "perfect", "yes it is", "it is",
            "i do", "i am", "i would", "i would love that", "please", "that would be great", "that would be lovely",
            "that would be nice", "absolutely yes", "indeed", "right");
    private static final Set<String> STRONG_YES = Set.of("yes", "yeah", "yep", "yup", "yea", "yeh", "aye", "yess");
    private static final Set<String> NO = Set.of("no", "nah", "nope", "na", "n", "no thanks", "no thank you", "no ta",
            "not really", "not at the moment", "not now", "never", "i do not think so", "not interested",
            "no way", "not for me", "i would rather not", "definitely not", "not today", "no no", "nah thanks",
            "nah not really", "no not really", "not at all", "i do not", "i am not", "absolutely not",
            "not right now", "not yet", "no i do not", "no i am not", "no it is not", "that is wrong", "wrong",
            "rather not", "not bothered", "no chance", "not likely");
    private static final Set<String> STRONG_NO = Set.of("nah", "nope");
    private static final Set<String> POLITE = Set.of("thanks", "thank", "you", "please", "mate", "love", "then",
            "cheers", "ta", "hun", "x", "xx", "xxx", "!", "?");

    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(Map.entry("zero", 0),
            Map.entry("nil", 0), Map.entry("none", 0), Map.entry("one", 1), Map.entry("two", 2),
            Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10));
    private static final Map<String, Integer> ORDINALS = Map.ofEntries(Map.entry("first", 1), Map.entry("1st", 1),
            Map.entry("second", 2), Map.entry("2nd", 2), Map.entry("third", 3), Map.entry("3rd", 3),
            Map.entry("fourth", 4), Map.entry("4th", 4), Map.entry("fifth", 5), Map.entry("5th", 5),
            Map.entry("top", 1));
    private static final Set<String> NUMBER_BLOCKERS = Set.of("after", "before", "from", "at", "until", "till",
            "by", "of", "the", "that", "this", "no", "any", "some", "every", "each", "age", "aged", "option",
            "number", "past", "to");
    private static final Set<String> OPTION_PREFIX = Set.of("option", "number", "no", "choice", "num", "#");
    private static final Set<String> LABEL_STOP = Set.of("the", "a", "an", "and", "of", "for", "in", "at", "on",
            "one", "that", "please", "i", "would", "like", "to", "go", "with", "will", "take", "sounds", "good",
            "want", "choose", "pick", "think", "me", "my", "is", "it", "do", "fancy");

    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    private static final Set<DayOfWeek> WEEKEND = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    private static final Map<String, Set<DayOfWeek>> DAYS = days();

    private final Set<String> outcodes;

    EntityExtractor(Set<String> outcodes) {
        this.outcodes = Set.copyOf(outcodes);
    }

    /** Uses the outward codes packaged in {@code nlp-models/uk-outcodes.txt}; format checks only without them. */
    static EntityExtractor withPackagedOutcodes() {
        Set<String> codes = new HashSet<>();
        try (InputStream in = EntityExtractor.class.getClassLoader().getResourceAsStream("nlp-models/uk-outcodes.txt")) {
            if (in != null) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        codes.add(line.trim().toUpperCase(Locale.ROOT));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new EntityExtractor(codes);
    }

    List<Entity> extract(String raw, List<String> tokens, List<String> options) {
        // "২", "৩/১০": every script's digits read as 0-9 (the tokens already have them so)
        String text = raw == null ? "" : TextNormaliser.asciiDigits(raw);
        List<Entity> out = new ArrayList<>();
        postcode(text).ifPresent(p -> out.add(new Entity(POSTCODE, p)));
        yesNo(text, tokens).ifPresent(v -> out.add(new Entity(YES_NO, v)));
        number(text, tokens).ifPresent(n -> out.add(new Entity(NUMBER, n)));
        if (options != null && !options.isEmpty()) {
            option(tokens, options).ifPresent(o -> out.add(new Entity(OPTION, Integer.toString(o))));
        }
        availability(text, tokens).ifPresent(a -> out.add(new Entity(AVAILABILITY, a)));
        String spaced = " " + String.join(" ", tokens) + " ";
        if (wantsFree(tokens, spaced)) {
            out.add(new Entity(COST, "free"));
        }
        access(spaced).forEach(a -> out.add(new Entity(ACCESS, a)));
        return out;
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    // --- postcode

    java.util.Optional<String> postcode(String text) {
        if (!hasDigit(text)) {
            return java.util.Optional.empty();
        }
        String upper = text.toUpperCase(Locale.ROOT);
        Matcher full = FULL_POSTCODE.matcher(upper);
        while (full.find()) {
            String outward = full.group(1);
            if (outcodes.isEmpty() || outcodes.contains(outward)) {
                return java.util.Optional.of(outward + " " + full.group(2));
            }
        }
        Matcher m = OUTWARD.matcher(text);
        int words = OpenNlpNlu.wordCount(text);
        while (m.find()) {
            String written = m.group(1);
            String code = written.toUpperCase(Locale.ROOT);
            if (outcodes.isEmpty() ? !code.matches("[A-Z]{1,2}[0-9][A-Z0-9]?") : !outcodes.contains(code)) {
                continue;
            }
            // "m8" is a mate and "b4" is before, unless written in capitals like a postcode
            if (!written.equals(code) && TextNormaliser.isShorthand(written.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String before = text.substring(0, m.start()).toLowerCase(Locale.ROOT);
            if (words <= 3 || OUTWARD_CUE.matcher(before).find()) {
                return java.util.Optional.of(code);
            }
        }
        return java.util.Optional.empty();
    }

    /** One or two digits; a loop, as String.matches compiles a pattern on every call. */
    private static boolean isSmallNumber(String t) {
        int n = t.length();
        return (n == 1 || n == 2) && Character.isDigit(t.charAt(0)) && (n == 1 || Character.isDigit(t.charAt(1)));
    }

    // --- yes / no

    java.util.Optional<String> yesNo(String raw, List<String> tokens) {
        if (tokens.isEmpty()) {
            return java.util.Optional.empty();
        }
        String whole = phrase(tokens);
        String firstClause = CLAUSE_END.matcher(raw).find()
                ? phrase(TextNormaliser.tokens(CLAUSE_END.split(raw, 2)[0])) : whole;
        for (String candidate : List.of(whole, firstClause)) {
            if (NO.contains(candidate)) {
                return java.util.Optional.of("no");
            }
            if (YES.contains(candidate)) {
                return java.util.Optional.of("yes");
            }
        }
        String first = tokens.get(0);
        if (STRONG_NO.contains(first)) {
            return java.util.Optional.of("no");
        }
        if (STRONG_YES.contains(first)) {
            return java.util.Optional.of("yes");
        }
        return java.util.Optional.empty();
    }

    /** The tokens without trailing courtesies ("yes please thanks" -> "yes"), as one string. */
    private static String phrase(List<String> tokens) {
        int end = tokens.size();
        while (end > 1 && POLITE.contains(tokens.get(end - 1))) {
            end--;
        }
        return String.join(" ", tokens.subList(0, end));
    }

    // --- number 0..10

    java.util.Optional<String> number(String raw, List<String> tokens) {
        Matcher outOfTen = OUT_OF_TEN.matcher(hasDigit(raw) ? raw.toLowerCase(Locale.ROOT) : "");
        if (outOfTen.find()) {
            return java.util.Optional.of(Integer.toString(Integer.parseInt(outOfTen.group(1))));
        }
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String prev = i > 0 ? tokens.get(i - 1) : "";
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if (NUMBER_BLOCKERS.contains(prev) || ORDINALS.containsKey(prev) || prev.equals("last") || next.equals("am") || next.equals("pm") || next.startsWith("o")
                    && next.contains("clock")) {
                continue;
            }
            Integer value = null;
            if (isSmallNumber(t)) {
                value = Integer.parseInt(t);
            } else if (NUMBER_WORDS.containsKey(t) && (!t.equals("one") && !t.equals("none") || tokens.size() <= 3)) {
                value = NUMBER_WORDS.get(t);
            }
            if (value != null && value <= 10) {
                return java.util.Optional.of(value.toString());
            }
        }
        return java.util.Optional.empty();
    }

    // --- option choice

    /** The 1-based index of the option chosen, by number, ordinal or the option's own words. */
    java.util.Optional<Integer> option(List<String> tokens, List<String> options) {
        int n = options.size();
        List<String> words = tokens.stream().filter(t -> !POLITE.contains(t)).toList();
        if (words.isEmpty()) {
            return java.util.Optional.empty();
        }
        // "2", "two", "option 2", "number two please"
        List<String> core = words.size() >= 2 && OPTION_PREFIX.contains(words.get(0)) ? words.subList(1, words.size())
                : words;
        if (core.size() == 1) {
            Integer value = isSmallNumber(core.get(0)) ? Integer.valueOf(core.get(0))
                    : NUMBER_WORDS.get(core.get(0));
            if (value != null && value >= 1 && value <= n) {
                return java.util.Optional.of(value);
            }
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i > 0 && OPTION_PREFIX.contains(words.get(i - 1)) && isSmallNumber(w)) {
                int value = Integer.parseInt(w);
                if (value >= 1 && value <= n) {
                    return java.util.Optional.of(value);
                }
            }
            Integer ordinal = ORDINALS.get(w);
            if (ordinal != null && ordinal <= n) {
                return java.util.Optional.of(ordinal);
            }
            if (w.equals("last") || w.equals("bottom")) {
                return java.util.Optional.of(n);
            }
            if (w.equals("middle") && n == 3) {
                return java.util.Optional.of(2);
            }
        }
        return byLabel(words, options);
    }

    /** The option sharing the most telling words with the message; words found in many options tell less. */
    private static java.util.Optional<Integer> byLabel(List<String> words, List<String> options) {
        List<Set<String>> labels = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        for (String option : options) {
            Set<String> stems = contentStems(TextNormaliser.tokens(option));
            labels.add(stems);
            stems.forEach(s -> df.merge(s, 1, Integer::sum));
        }
        Set<String> said = contentStems(words);
        double best = 0;
        int bestIndex = -1;
        boolean tie = false;
        for (int i = 0; i < labels.size(); i++) {
            double score = 0;
            for (String s : labels.get(i)) {
                if (said.contains(s)) {
                    score += 1.0 / df.get(s);
                }
            }
            if (score > best) {
                best = score;
                bestIndex = i;
                tie = false;
            } else if (score == best && score > 0) {
                tie = true;
            }
        }
        return bestIndex >= 0 && !tie && best >= 0.5 ? java.util.Optional.of(bestIndex + 1) : java.util.Optional.empty();
    }

    private static Set<String> contentStems(List<String> tokens) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tokens) {
            if (!LABEL_STOP.contains(t) && !t.equals("?") && !t.equals("!")) {
                out.add(Features.stem(t));
            }
        }
        return out;
    }

    // --- availability

    java.util.Optional<String> availability(String raw, List<String> tokens) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        LocalTime from = null;
        LocalTime to = null;
        boolean found = false;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            Set<DayOfWeek> d = DAYS.get(t);
            if (d == null && (t.equals("week") && (next.equals("day") || next.equals("days")))) {
                d = WEEKDAYS;
            }
            if (d == null && t.equals("week") && i > 1 && tokens.get(i - 1).equals("the")
                    && tokens.get(i - 2).equals("during")) {
                d = WEEKDAYS;
            }
            if (d == null && (t.equals("week") || t.equals("weekend")) && next.startsWith("end")) {
                d = WEEKEND;
            }
            if (d != null) {
                days.addAll(d);
                found = true;
            }
            LocalTime[] part = partOfDay(t, next);
            if (part != null) {
                from = from == null || part[0].isBefore(from) ? part[0] : from;
                to = to == null || part[1].isAfter(to) ? part[1] : to;
                found = true;
            }
        }
        Matcher m = TIME.matcher(hasDigit(raw) ? raw.toLowerCase(Locale.ROOT) : "");
        while (m.find()) {
            LocalTime time = time(m.group(2), m.group(3), m.group(4));
            if (time == null) {
                continue;
            }
            switch (m.group(1)) {
                case "after", "from", "since", "past", "between" -> {
                    from = time;
                    found = true;
                }
                case "before", "until", "till", "til", "by", "to", "-", "and" -> {
                    if (from != null || !m.group(1).equals("and") && !m.group(1).equals("-")) {
                        to = time;
                        found = true;
                    }
                }
                default -> { }
            }
        }
        if (!found) {
            return java.util.Optional.empty();
        }
        String value = new Availability(days, from, to).format();
        return value.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(value);
    }

    private static LocalTime[] partOfDay(String t, String next) {
        return switch (t) {
            case "morning", "mornings" -> new LocalTime[] {LocalTime.of(8, 0), LocalTime.of(12, 0)};
            case "afternoon", "afternoons", "lunchtime", "lunchtimes" ->
                    new LocalTime[] {LocalTime.of(12, 0), LocalTime.of(17, 0)};
            case "evening", "evenings", "tonight", "night", "nights" ->
                    new LocalTime[] {LocalTime.of(17, 0), LocalTime.of(22, 0)};
            case "after", "before" -> next.equals("work") ? t.equals("after")
                    ? new LocalTime[] {LocalTime.of(17, 0), LocalTime.of(22, 0)}
                    : new LocalTime[] {LocalTime.of(6, 0), LocalTime.of(9, 0)} : null;
            default -> null;
        };
    }

    /** "5" is 17:00 and "9" is 09:00 when no am/pm is given: daytime activities run from about 8 to 8. */
    private static LocalTime time(String hourText, String minuteText, String suffix) {
        int hour = Integer.parseInt(hourText);
        int minute = minuteText == null ? 0 : Integer.parseInt(minuteText);
        if (hour > 23 || minute > 59) {
            return null;
        }
        if (suffix != null && suffix.startsWith("p") && hour < 12) {
            hour += 12;
        } else if (suffix != null && suffix.startsWith("a") && hour == 12) {
            hour = 0;
        } else if ((suffix == null || suffix.startsWith("o")) && hour >= 1 && hour <= 7) {
            hour += 12;
        }
        return LocalTime.of(hour, minute);
    }

    private static Map<String, Set<DayOfWeek>> days() {
        Map<String, Set<DayOfWeek>> m = new HashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            String name = d.name().toLowerCase(Locale.ROOT);
            m.put(name, EnumSet.of(d));
            m.put(name + "s", EnumSet.of(d));
        }
        for (String w : List.of("weekday", "weekdays")) {
            m.put(w, WEEKDAYS);
        }
        for (String w : List.of("weekend", "weekends")) {
            m.put(w, WEEKEND);
        }
        for (String w : List.of("everyday", "daily")) {
            m.put(w, EnumSet.allOf(DayOfWeek.class));
        }
        return Map.copyOf(m);
    }

    // --- cost and access

    private static boolean wantsFree(List<String> tokens, String s) {
        if (s.contains(" free of charge ") || s.contains(" no cost ") || s.contains(" not cost ")
                || s.contains(" can not afford ") || s.contains(" cheap ") || s.contains(" low cost ")
                || s.contains(" no charge ") || s.contains(" costs nothing ") || s.contains(" for free ")
                || s.contains(" without paying ") || s.contains(" do not cost ")) {
            return true;
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).equals("free")) {
                continue;
            }
            String prev = i > 0 ? tokens.get(i - 1) : "";
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            // "I'm free on Tuesdays" is about time, not money
            boolean aboutTime = Set.of("am", "are", "i", "we").contains(prev)
                    || Set.of("on", "at", "in", "after", "before", "from", "most", "all", "any", "every", "time",
                    "to", "weekday", "weekdays", "weekends", "weekend", "mornings", "afternoons", "evenings",
                    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday").contains(next);
            if (!aboutTime) {
                return true;
            }
        }
        return false;
    }

    private static List<String> access(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (s.contains(" wheelchair") || s.contains(" mobility scooter")) {
            out.add("wheelchair");
        }
        if (s.contains(" deaf ") || s.contains(" hearing ") || s.contains(" hard of hearing ") || s.contains(" bsl ")) {
            out.add("hearing");
        }
        if (s.contains(" blind ") || s.contains(" sight ") || s.contains(" sighted ") || s.contains(" visually ")
                || s.contains(" visual impairment ")) {
            out.add("sight");
        }
        if (s.contains(" stairs ") || s.contains(" step free ") || s.contains(" steps ") || s.contains(" lift ")
                || s.contains(" walking frame ") || s.contains(" zimmer ")) {
            out.add("step_free");
        }
        if (s.contains(" quiet ") || s.contains(" crowds ") || s.contains(" noisy ")) {
            out.add("quiet");
        }
        return List.copyOf(out);
    }
}
