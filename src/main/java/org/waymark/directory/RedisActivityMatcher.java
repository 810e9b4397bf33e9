package org.waymark.directory;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.waymark.taxonomy.Language;
import org.waymark.taxonomy.Need;

/**
 * Matches on need, then distance (widening the radius until enough fit), the patient's free times, cost and access
 * needs, and who a group is for (what the patient said of themselves); only active services verified within the
 * freshness window are ever offered. For a patient who speaks a language other than English, groups whose listing
 * says they speak it come first within each radius, before the needs met and the distance; a group is never left
 * out for not speaking it, and an English speaker's order is what it always was.
 *
 * <p>Matching reads the node's in-memory copy of the cards ({@link DirectoryIndex}), which costs one small Redis
 * read per match to check it is still current; distances are great-circle distances computed here.
 */
final class RedisActivityMatcher implements ActivityMatcher {
    /** Words a patient's access need may be written as in a listing's accessibility text. */
    private static final Map<String, List<String>> ACCESS_WORDS = Map.of(
            "wheelchair", List.of("wheelchair", "step-free", "step free", "level access", "ramp"),
            "step-free", List.of("wheelchair", "step-free", "step free", "level access", "ramp"),
            "hearing", List.of("hearing", "induction loop", "bsl", "sign language"),
            "sight", List.of("large print", "braille", "visual", "sight"),
            "toilet", List.of("accessible toilet", "disabled toilet"));

    private final DirectoryIndex index;
    private final PostcodeGeography geography;
    private final Freshness freshness;
    private final DirectorySettings settings;
    /** The search radii: the first, doubled up to the widest; a service's tier is the first that reaches it. */
    private final double[] radii;

    RedisActivityMatcher(DirectoryIndex index, PostcodeGeography geography, Freshness freshness,
                         DirectorySettings settings) {
        this.index = index;
        this.geography = geography;
        this.freshness = freshness;
        this.settings = settings;
        List<Double> r = new ArrayList<>();
        for (double km = settings.initialRadiusKm(); ; km = Math.min(km * 2, settings.maxRadiusKm())) {
            r.add(km);
            if (km >= settings.maxRadiusKm()) {
                break;
            }
        }
        this.radii = r.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {@code spoken}: the patient's language as the listing names it, when the group speaks it, else null. */
    private record Candidate(Activity activity, Double km, int tier, int needsMet, List<Activity.Session> fitting,
                             String spoken) {
        boolean speaks() {
            return spoken != null;
        }
    }

    @Override
    public List<Suggestion> match(MatchRequest request) {
        int limit = request.limit() <= 0 ? 3 : request.limit();
        DirectoryIndex.Snapshot cards = index.current();
        LocalDate today = freshness.today();
        LocalDate cutoff = freshness.cutoff(today);
        List<Candidate> found = new ArrayList<>();
        Language language = request.language() == null ? null : Language.lenient(request.language()).orElse(null);
        Optional<PostcodeGeography.Point> origin = Optional.ofNullable(request.postcode()).flatMap(geography::locate);
        if (origin.isPresent()) {
            nearby(cards, request, language, origin.get(), limit, today, cutoff, found);
        } else {
            for (int i : cards.serving(request.needs())) {
                consider(cards.card(i), null, 0, request, language, today, cutoff).ifPresent(found::add);
            }
        }
        Comparator<Candidate> order = Comparator.comparingInt(Candidate::tier);
        if (language != null) {
            order = order.thenComparing(c -> !c.speaks());
        }
        order = order.thenComparing(Comparator.comparingInt(Candidate::needsMet).reversed());
        if (request.freeOnly()) {
            order = order.thenComparing(c -> !c.activity().free());
        }
        order = order.thenComparing(c -> c.km() == null ? Double.MAX_VALUE : c.km())
                .thenComparing(c -> c.activity().name(), String.CASE_INSENSITIVE_ORDER)
                .thenComparing(c -> c.activity().id());
        return found.stream().sorted(order).limit(limit).map(c -> suggestion(c, request, today)).toList();
    }

    /**
     * Considers the active, located services that serve the needs within the widest radius, nearest first, until
     * no unread one could rank among the first {@code limit}. For one need that is as soon as {@code limit} fit
     * (when cost matters, {@code limit} free ones), since every unread one is farther; for several, at the end of
     * the radius tier in which {@code limit} fit, since a farther service in the same tier meeting more needs may
     * rank above a nearer one, but none in a wider tier can. For a patient's own language, only groups that speak
     * it count towards the {@code limit} that ends the search early, since a farther one that speaks it ranks above
     * a nearer one that does not in the same tier.
     */
    private void nearby(DirectoryIndex.Snapshot cards, MatchRequest request, Language language,
                        PostcodeGeography.Point origin, int limit, LocalDate today, LocalDate cutoff,
                        List<Candidate> found) {
        int[] pool = cards.located(request.needs());
        double lat = Math.toRadians(origin.lat());
        double lon = Math.toRadians(origin.lon());
        double cosOfLat = Math.cos(lat);
        double max = settings.maxRadiusKm();
        double[] km = new double[pool.length];
        // distance (as a float's bits, which sort as the floats do when positive) above the place in the pool
        long[] nearest = new long[pool.length];
        int within = 0;
        for (int p = 0; p < pool.length; p++) {
            double d = cards.km(pool[p], lat, lon, cosOfLat);
            if (d <= max) {
                km[p] = d;
                nearest[within++] = (long) Float.floatToIntBits((float) d) << 32 | p;
            }
        }
        Arrays.sort(nearest, 0, within);
        boolean oneNeed = request.needs().size() == 1;
        int tier = 0;
        int enough = 0;
        for (int k = 0; k < within; k++) {
            int p = (int) nearest[k];
            double d = km[p];
            int t = tierOf(d);
            if (t > tier) {
                if (found.size() >= limit) {
                    return;
                }
                tier = t;
            }
            Activity a = cards.card(pool[p]);
            if (request.exclude().contains(a.id())) {
                continue;
            }
            Optional<Candidate> c = consider(a, d, t, request, language, today, cutoff);
            if (c.isPresent()) {
                found.add(c.get());
                if ((!request.freeOnly() || a.free()) && (language == null || c.get().speaks())) {
                    enough++;
                }
                if (oneNeed && enough >= limit) {
                    return;
                }
            }
        }
    }

    private int tierOf(double km) {
        for (int i = 0; i < radii.length; i++) {
            if (km <= radii[i]) {
                return i;
            }
        }
        return radii.length - 1;
    }

    private static Optional<Candidate> consider(Activity a, Double km, int tier, MatchRequest r, Language language,
                                                LocalDate today, LocalDate cutoff) {
        if (!a.active() || a.lastVerified() == null || a.lastVerified().isBefore(cutoff)
                || r.exclude().contains(a.id())) {
            return Optional.empty();
        }
        int needsMet = 0;
        for (Need n : r.needs()) {
            if (a.needs().contains(n)) {
                needsMet++;
            }
        }
        if (!r.needs().isEmpty() && needsMet == 0) {
            return Optional.empty();
        }
        // a session fits when it really meets, within the coming weeks, on a day and at a time the patient is free
        List<Activity.Session> fitting = new ArrayList<>();
        for (Activity.Session s : a.sessions()) {
            if (s.nextFitting(today, r.availability()).isPresent()) {
                fitting.add(s);
            }
        }
        // a listing whose every time has ended (or none comes up soon) is not running for this patient; one that
        // gives no times at all is offered, to ask
        if (fitting.isEmpty() && (!r.availability().anyTime() || !a.sessions().isEmpty())) {
            return Optional.empty();
        }
        if (!meetsAccess(a, r.access()) || r.freeOnly() && !a.free() || !a.eligibility().admits(r.who(), r.needs())) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(a, km, tier, needsMet, fitting, language == null ? null
                : spoken(a, language)));
    }

    /** The listing's own word for {@code language} ("Bengali", "Sylheti", "bn") when the group speaks it, else null. */
    static String spoken(Activity a, Language language) {
        for (String l : a.languages()) {
            if (language.isNamedIn(l)) {
                return l.strip();
            }
        }
        return null;
    }

    static boolean meetsAccess(Activity a, Set<String> access) {
        String text = Optional.ofNullable(a.accessibility()).orElse("").toLowerCase(Locale.ROOT);
        for (String need : access) {
            // the NLU says "step_free", a link worker's search may say "step-free"
            String key = need.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (key.isEmpty()) {
                continue;
            }
            List<String> words = ACCESS_WORDS.getOrDefault(key, List.of(key));
            if (words.stream().noneMatch(text::contains)) {
                return false;
            }
        }
        return true;
    }

    private static Suggestion suggestion(Candidate c, MatchRequest r, LocalDate today) {
        Activity a = c.activity();
        Double km = c.km() == null ? null : Math.round(c.km() * 10) / 10.0;
        List<Activity.Session> shown = c.fitting().isEmpty() ? a.sessions() : c.fitting();
        List<String> why = new ArrayList<>();
        if (c.needsMet() > 1) {
            why.add(r.needs().stream().filter(a.needs()::contains).sorted().map(Need::plainWords)
                    .collect(Collectors.joining(" and ")));
        }
        if (!shown.isEmpty()) {
            why.add(("meets " + Schedules.dayList(shown.stream().filter(shown.get(0)::samePattern).toList()) + " "
                    + partOfDay(shown.get(0).opens())).replaceAll(" +", " ").trim());
        }
        if (km != null) {
            why.add(km + " km");
        }
        if (a.free()) {
            why.add("free");
        }
        if (c.speaks()) {
            why.add(0, "in " + c.spoken());
        }
        if (a.eligibility().forWhom() != null) {
            why.add(0, a.eligibility().forWhom());
        }
        if (r.access().stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).contains("wheelchair")
                || x.toLowerCase(Locale.ROOT).contains("step"))) {
            why.add("step-free");
        }
        if (r.access().stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).contains("hearing"))) {
            why.add("hearing loop");
        }
        return new Suggestion(a.id(), a.name(), a.needs().stream().sorted().map(Need::code).toList(), km,
                Schedules.when(shown, today), a.costText(), String.join(", ", why), c.spoken());
    }

    private static String partOfDay(LocalTime opens) {
        if (opens == null) {
            return "";
        }
        return opens.isBefore(LocalTime.NOON) ? "mornings" : opens.isBefore(LocalTime.of(17, 0)) ? "afternoons"
                : "evenings";
    }
}
