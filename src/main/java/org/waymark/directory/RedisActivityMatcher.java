package org.waymark.directory;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.waymark.taxonomy.Need;

/**
 * Matches on need, then distance (widening the radius until enough fit), the patient's free times, cost and access
 * needs; only active services verified within the freshness window are ever offered.
 */
final class RedisActivityMatcher implements ActivityMatcher {
    /** Words a patient's access need may be written as in a listing's accessibility text. */
    private static final Map<String, List<String>> ACCESS_WORDS = Map.of(
            "wheelchair", List.of("wheelchair", "step-free", "step free", "level access", "ramp"),
            "step-free", List.of("wheelchair", "step-free", "step free", "level access", "ramp"),
            "hearing", List.of("hearing", "induction loop", "bsl", "sign language"),
            "sight", List.of("large print", "braille", "visual", "sight"),
            "toilet", List.of("accessible toilet", "disabled toilet"));

    private final ServiceStore store;
    private final PostcodeGeography geography;
    private final Freshness freshness;
    private final DirectorySettings settings;

    RedisActivityMatcher(ServiceStore store, PostcodeGeography geography, Freshness freshness,
                         DirectorySettings settings) {
        this.store = store;
        this.geography = geography;
        this.freshness = freshness;
        this.settings = settings;
    }

    private record Candidate(Activity activity, Double km, int tier, int needsMet, List<Activity.Session> fitting) {
    }

    @Override
    public List<Suggestion> match(MatchRequest request) {
        int limit = request.limit() <= 0 ? 3 : request.limit();
        LocalDate today = freshness.today();
        List<Candidate> found = new ArrayList<>();
        Optional<PostcodeGeography.Point> origin = Optional.ofNullable(request.postcode()).flatMap(geography::locate);
        if (origin.isPresent()) {
            nearby(request, origin.get(), limit, today, found);
        } else {
            Set<String> ids = request.needs().isEmpty() ? store.ids() : store.idsFor(request.needs());
            ids.removeAll(request.exclude());
            for (Activity a : store.cards(ids)) {
                consider(a, null, 0, request, today).ifPresent(found::add);
            }
        }
        Comparator<Candidate> order = Comparator.comparingInt(Candidate::tier)
                .thenComparing(Comparator.comparingInt(Candidate::needsMet).reversed());
        if (request.freeOnly()) {
            order = order.thenComparing(c -> !c.activity().free());
        }
        order = order.thenComparing(c -> c.km() == null ? Double.MAX_VALUE : c.km())
                .thenComparing(c -> c.activity().name(), String.CASE_INSENSITIVE_ORDER);
        return found.stream().sorted(order).limit(limit).map(c -> suggestion(c, request)).toList();
    }

    /**
     * Reads services near the patient until {@code limit} fit. When only distance orders them (one need, cost not
     * a concern) it reads the nearest few, then more; otherwise it reads a whole radius, then doubles it up to the
     * maximum, since a farther service meeting more needs may rank above a nearer one.
     */
    private void nearby(MatchRequest request, PostcodeGeography.Point origin, int limit, LocalDate today,
                        List<Candidate> found) {
        List<Double> radii = new ArrayList<>();
        for (double km = settings.initialRadiusKm(); ; km = Math.min(km * 2, settings.maxRadiusKm())) {
            radii.add(km);
            if (km >= settings.maxRadiusKm()) {
                break;
            }
        }
        Set<Need> needs = request.needs().isEmpty() ? EnumSet.allOf(Need.class) : request.needs();
        Set<String> seen = new HashSet<>();
        if (needs.size() == 1 && !request.freeOnly()) {
            Need need = needs.iterator().next();
            for (int count = 3 * limit + 8; ; count *= 4) {
                List<ServiceStore.Near> hits = store.near(need, origin.lat(), origin.lon(), settings.maxRadiusKm(),
                        count);
                read(hits, seen, request, radii, today, found);
                if (found.size() >= limit || hits.size() < count) {
                    return;
                }
            }
        }
        for (double km : radii) {
            List<ServiceStore.Near> hits = new ArrayList<>();
            for (Need need : needs) {
                hits.addAll(store.near(need, origin.lat(), origin.lon(), km, 0));
            }
            read(hits, seen, request, radii, today, found);
            if (found.size() >= limit) {
                return;
            }
        }
    }

    private void read(List<ServiceStore.Near> hits, Set<String> seen, MatchRequest request, List<Double> radii,
                      LocalDate today, List<Candidate> found) {
        List<String> fresh = new ArrayList<>();
        Map<String, Double> distance = new java.util.HashMap<>();
        for (ServiceStore.Near n : hits) {
            if (seen.add(n.id()) && !request.exclude().contains(n.id())) {
                fresh.add(n.id());
                distance.put(n.id(), n.km());
            }
        }
        for (Activity a : store.cards(fresh)) {
            double km = distance.get(a.id());
            consider(a, km, tierOf(km, radii), request, today).ifPresent(found::add);
        }
    }

    private static int tierOf(double km, List<Double> radii) {
        for (int i = 0; i < radii.size(); i++) {
            if (km <= radii.get(i)) {
                return i;
            }
        }
        return radii.size() - 1;
    }

    private Optional<Candidate> consider(Activity a, Double km, int tier, MatchRequest r, LocalDate today) {
        if (!a.active() || !freshness.isFresh(a.lastVerified()) || r.exclude().contains(a.id())) {
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
        List<Activity.Session> fitting = new ArrayList<>();
        for (Activity.Session s : a.sessions()) {
            if (s.runsOn(today) && (r.availability().anyTime()
                    || r.availability().fits(s.day(), s.opens(), s.closes()))) {
                fitting.add(s);
            }
        }
        if (!r.availability().anyTime() && fitting.isEmpty()) {
            return Optional.empty();
        }
        if (!meetsAccess(a, r.access())) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(a, km, tier, needsMet, fitting));
    }

    static boolean meetsAccess(Activity a, Set<String> access) {
        String text = Optional.ofNullable(a.accessibility()).orElse("").toLowerCase(Locale.ROOT);
        for (String need : access) {
            String key = need.trim().toLowerCase(Locale.ROOT);
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

    private static Suggestion suggestion(Candidate c, MatchRequest r) {
        Activity a = c.activity();
        Double km = c.km() == null ? null : Math.round(c.km() * 10) / 10.0;
        List<Activity.Session> shown = c.fitting().isEmpty() ? a.sessions() : c.fitting();
        List<String> why = new ArrayList<>();
        if (c.needsMet() > 1) {
            why.add(r.needs().stream().filter(a.needs()::contains).sorted().map(Need::plainWords)
                    .collect(Collectors.joining(" and ")));
        }
        if (!shown.isEmpty()) {
            why.add(("meets " + dayList(shown, shown.get(0)) + " " + partOfDay(shown.get(0).opens())).trim());
        }
        if (km != null) {
            why.add(km + " km");
        }
        if (a.free()) {
            why.add("free");
        }
        if (r.access().stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).contains("wheelchair")
                || x.toLowerCase(Locale.ROOT).contains("step"))) {
            why.add("step-free");
        }
        if (r.access().stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).contains("hearing"))) {
            why.add("hearing loop");
        }
        return new Suggestion(a.id(), a.name(), a.needs().stream().sorted().map(Need::code).toList(), km,
                when(shown), a.costText(), String.join(", ", why));
    }

    /** "Tue 10:00-12:00", "Mon, Wed 09:30-12:30", or "Ask for times" when the listing gives none. */
    static String when(List<Activity.Session> sessions) {
        if (sessions.isEmpty()) {
            return "Ask for times";
        }
        Activity.Session first = sessions.get(0);
        String times = first.opens() == null ? "" : " " + first.opens() + (first.closes() == null ? ""
                : "-" + first.closes());
        return (first.monthly() ? "Monthly " : "") + dayList(sessions, first) + times;
    }

    private static String dayList(List<Activity.Session> sessions, Activity.Session first) {
        return sessions.stream()
                .filter(s -> java.util.Objects.equals(s.opens(), first.opens())
                        && java.util.Objects.equals(s.closes(), first.closes()))
                .map(Activity.Session::day).distinct().sorted().map(RedisActivityMatcher::shortDay)
                .collect(Collectors.joining(", "));
    }

    static String shortDay(DayOfWeek d) {
        return d.getDisplayName(TextStyle.SHORT, Locale.UK);
    }

    private static String partOfDay(LocalTime opens) {
        if (opens == null) {
            return "";
        }
        return opens.isBefore(LocalTime.NOON) ? "mornings" : opens.isBefore(LocalTime.of(17, 0)) ? "afternoons"
                : "evenings";
    }
}
