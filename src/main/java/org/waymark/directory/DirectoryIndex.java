package org.waymark.directory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.waymark.taxonomy.Need;

/**
 * Each node's in-memory copy of the directory's cards, kept true to Redis (which stays the only truth).
 *
 * <p>{@link #current()} asks Redis for the directory's version (one MGET of two small keys) and, when it has not
 * moved, hands back the node's immutable {@link Snapshot} without taking a lock. When it has moved, one thread at a
 * time reads the ids changed since ({@link ServiceStore#changesSince}), HMGETs just those cards and swaps in a new
 * snapshot (copy-on-write: the old one's arrays are copied and patched, the per-need lists of needs no change
 * touched are shared); it reads every card instead when this node is further behind than the changes Redis still
 * lists, when the changes are many, when deletions have left many gaps, or when Redis holds another history (wiped,
 * restored from elsewhere). So a change saved on any node is in every node's very next match.
 */
final class DirectoryIndex {
    /** Past this many changed ids, reading every card again is about as cheap as reading just those. */
    static final int MAX_CHANGES_READ = 2_000;

    private final ServiceStore store;
    private final Object refreshLock = new Object();
    private final AtomicLong fullReads = new AtomicLong();
    private volatile Snapshot current = Snapshot.NONE;
    /** Each card's place in the arrays of the newest snapshot; only read and changed under {@link #refreshLock}. */
    private Map<String, Integer> slots = new HashMap<>();

    DirectoryIndex(ServiceStore store) {
        this.store = store;
    }

    /** The cards as they are in Redis now. */
    Snapshot current() {
        // read before asking Redis: a snapshot newer than Redis's answer can then only mean a wiped Redis
        Snapshot s = current;
        if (s.version().equals(store.version())) {
            return s;
        }
        synchronized (refreshLock) {
            Snapshot latest = current;
            Snapshot next = null;
            try {
                next = latest == Snapshot.NONE ? null : catchUp(latest);
            } finally {
                if (next == null) {
                    // also when catching up failed half way, so the slots never disagree with the snapshot
                    current = Snapshot.NONE;
                }
            }
            if (next == null) {
                next = readAll();
            }
            current = next;
            return next;
        }
    }

    private Snapshot readAll() {
        ServiceStore.AllCards all = store.allCardsWithVersion();
        fullReads.incrementAndGet();
        Activity[] cards = all.cards().values().toArray(Activity[]::new);
        Map<String, Integer> places = new HashMap<>(Math.max(16, cards.length * 4 / 3 + 1));
        for (int i = 0; i < cards.length; i++) {
            places.put(cards[i].id(), i);
        }
        slots = places;
        return new Snapshot(all.version(), cards);
    }

    /** The snapshot with the changes since applied, or null when every card must be read again. */
    private Snapshot catchUp(Snapshot s) {
        long since = s.version().version();
        ServiceStore.Changes changes = store.changesSince(since);
        ServiceStore.Version now = changes.now();
        if (!Objects.equals(now.epoch(), s.version().epoch()) || now.version() < since || changes.floor() > since
                || changes.ids().size() > MAX_CHANGES_READ) {
            return null;
        }
        if (now.version() == since) {
            return s; // another thread caught up already
        }
        if (changes.ids().isEmpty()) {
            return null; // cannot happen while the newest change is always listed; read all to be sure
        }
        Map<String, Activity> changed = new LinkedHashMap<>();
        changes.ids().forEach(id -> changed.put(id, null)); // null: deleted, unless read below
        store.cards(changes.ids()).forEach(a -> changed.put(a.id(), a));
        Snapshot next = s.patched(now, changed, slots);
        int gaps = next.cards.length - next.size();
        return gaps > 1_000 && gaps > next.size() / 4 ? null : next;
    }

    /** How many times this node has read every card (for tests). */
    long fullReads() {
        return fullReads.get();
    }

    /** True once this node has read the directory from Redis: before that it has nothing to suggest. */
    boolean loaded() {
        return fullReads.get() > 0;
    }

    /**
     * Every card at one version, with what matching needs ready: for each need the active, located cards that
     * serve it (with coordinates in radians), and all cards that serve it. Never changed once built.
     */
    static final class Snapshot {
        /** The mean Earth radius {@link PostcodeGeography.Point#kmTo} uses. */
        static final double EARTH_KM = 6371.0088;
        private static final Predicate<Activity> IN_MATCHING = a -> a.located() && a.active();
        /** Before the first read: matches no version, so the first use reads every card. */
        static final Snapshot NONE = new Snapshot(new ServiceStore.Version("", -1), new Activity[0]);

        private final ServiceStore.Version version;
        /** Cards by slot; null in the slot of a card deleted since the last full read. */
        private final Activity[] cards;
        private final int size;
        private final double[] latRad;
        private final double[] lonRad;
        private final double[] cosLat;
        /** Per {@link Need#ordinal()}: slots of the active, located cards serving it. */
        private final int[][] located;
        /** Per {@link Need#ordinal()}: slots of every card serving it. */
        private final int[][] serving;
        /** Slots of the active, located cards that serve at least one need. */
        private final int[] locatedAny;

        /** A snapshot of these cards, each in the slot of its index. */
        Snapshot(ServiceStore.Version version, Activity[] cards) {
            this.version = version;
            this.cards = cards;
            this.size = cards.length;
            int n = cards.length;
            latRad = new double[n];
            lonRad = new double[n];
            cosLat = new double[n];
            for (int i = 0; i < n; i++) {
                place(i, cards[i], latRad, lonRad, cosLat);
            }
            // one pass to count, one to fill: every card is touched twice however many needs there are
            Need[] needs = Need.values();
            int[] locatedCount = new int[needs.length];
            int[] servingCount = new int[needs.length];
            int anyCount = 0;
            for (Activity a : cards) {
                boolean inMatching = IN_MATCHING.test(a);
                for (Need need : a.needs()) {
                    servingCount[need.ordinal()]++;
                    locatedCount[need.ordinal()] += inMatching ? 1 : 0;
                }
                anyCount += inMatching && !a.needs().isEmpty() ? 1 : 0;
            }
            located = new int[needs.length][];
            serving = new int[needs.length][];
            for (Need need : needs) {
                located[need.ordinal()] = new int[locatedCount[need.ordinal()]];
                serving[need.ordinal()] = new int[servingCount[need.ordinal()]];
            }
            locatedAny = new int[anyCount];
            int[] li = new int[needs.length];
            int[] si = new int[needs.length];
            int ai = 0;
            for (int i = 0; i < n; i++) {
                Activity a = cards[i];
                boolean inMatching = IN_MATCHING.test(a);
                for (Need need : a.needs()) {
                    serving[need.ordinal()][si[need.ordinal()]++] = i;
                    if (inMatching) {
                        located[need.ordinal()][li[need.ordinal()]++] = i;
                    }
                }
                if (inMatching && !a.needs().isEmpty()) {
                    locatedAny[ai++] = i;
                }
            }
        }

        private Snapshot(ServiceStore.Version version, Activity[] cards, int size, double[] latRad, double[] lonRad,
                         double[] cosLat, int[][] located, int[][] serving, int[] locatedAny) {
            this.version = version;
            this.cards = cards;
            this.size = size;
            this.latRad = latRad;
            this.lonRad = lonRad;
            this.cosLat = cosLat;
            this.located = located;
            this.serving = serving;
            this.locatedAny = locatedAny;
        }

        private static void place(int i, Activity a, double[] latRad, double[] lonRad, double[] cosLat) {
            if (a != null && a.located()) {
                latRad[i] = Math.toRadians(a.lat());
                lonRad[i] = Math.toRadians(a.lon());
                cosLat[i] = Math.cos(latRad[i]);
            } else {
                latRad[i] = Double.NaN;
                lonRad[i] = Double.NaN;
                cosLat[i] = Double.NaN;
            }
        }

        /**
         * A new snapshot with these cards changed (null: deleted), new ones in new slots at the end; {@code slots}
         * (the caller's, kept under its lock) is updated to match.
         */
        Snapshot patched(ServiceStore.Version version, Map<String, Activity> changed, Map<String, Integer> slots) {
            int added = 0;
            for (Map.Entry<String, Activity> e : changed.entrySet()) {
                added += e.getValue() != null && !slots.containsKey(e.getKey()) ? 1 : 0;
            }
            int length = cards.length + added;
            Activity[] c = Arrays.copyOf(cards, length);
            double[] lat = Arrays.copyOf(latRad, length);
            double[] lon = Arrays.copyOf(lonRad, length);
            double[] cos = Arrays.copyOf(cosLat, length);
            boolean[] touched = new boolean[length];
            List<Integer> touchedSlots = new ArrayList<>(changed.size());
            Set<Need> needs = EnumSet.noneOf(Need.class);
            int live = size;
            int next = cards.length;
            for (Map.Entry<String, Activity> e : changed.entrySet()) {
                Integer slot = slots.get(e.getKey());
                Activity now = e.getValue();
                if (slot != null && c[slot] != null) {
                    needs.addAll(c[slot].needs());
                    live--;
                }
                if (now == null) {
                    if (slot != null) {
                        c[slot] = null;
                        slots.remove(e.getKey());
                        place(slot, null, lat, lon, cos);
                        touched[slot] = true;
                        touchedSlots.add(slot);
                    }
                    continue;
                }
                if (slot == null) {
                    slot = next++;
                    slots.put(e.getKey(), slot);
                }
                c[slot] = now;
                live++;
                needs.addAll(now.needs());
                place(slot, now, lat, lon, cos);
                touched[slot] = true;
                touchedSlots.add(slot);
            }
            int[][] loc = located.clone();
            int[][] ser = serving.clone();
            for (Need need : needs) {
                loc[need.ordinal()] = repatch(located[need.ordinal()], touched, touchedSlots, c,
                        IN_MATCHING.and(a -> a.needs().contains(need)));
                ser[need.ordinal()] = repatch(serving[need.ordinal()], touched, touchedSlots, c,
                        a -> a.needs().contains(need));
            }
            int[] any = repatch(locatedAny, touched, touchedSlots, c, IN_MATCHING.and(a -> !a.needs().isEmpty()));
            return new Snapshot(version, c, live, lat, lon, cos, loc, ser, any);
        }

        /** {@code old} without the touched slots, then those of the touched slots whose card now passes. */
        private static int[] repatch(int[] old, boolean[] touched, List<Integer> touchedSlots, Activity[] cards,
                                     Predicate<Activity> keep) {
            int[] out = new int[old.length + touchedSlots.size()];
            int n = 0;
            for (int i : old) {
                if (!touched[i]) {
                    out[n++] = i;
                }
            }
            for (int i : touchedSlots) {
                if (cards[i] != null && keep.test(cards[i])) {
                    out[n++] = i;
                }
            }
            return Arrays.copyOf(out, n);
        }

        ServiceStore.Version version() {
            return version;
        }

        /** Every card, in no particular order. */
        List<Activity> cards() {
            List<Activity> out = new ArrayList<>(size);
            for (Activity a : cards) {
                if (a != null) {
                    out.add(a);
                }
            }
            return out;
        }

        /** The card in a slot (of those {@link #located} and {@link #serving} give). */
        Activity card(int slot) {
            return cards[slot];
        }

        /** How many cards. */
        int size() {
            return size;
        }

        /** Active, located cards serving any of these needs (each once), or serving any need at all when none. */
        int[] located(Collection<Need> needs) {
            if (needs.isEmpty()) {
                return locatedAny;
            }
            if (needs.size() == 1) {
                return located[needs.iterator().next().ordinal()];
            }
            return union(needs, located);
        }

        /** Cards serving any of these needs whatever their status or place (each once), or every card when none. */
        int[] serving(Collection<Need> needs) {
            if (needs.isEmpty()) {
                int[] all = new int[cards.length];
                int n = 0;
                for (int i = 0; i < cards.length; i++) {
                    if (cards[i] != null) {
                        all[n++] = i;
                    }
                }
                return Arrays.copyOf(all, n);
            }
            if (needs.size() == 1) {
                return serving[needs.iterator().next().ordinal()];
            }
            return union(needs, serving);
        }

        private int[] union(Collection<Need> needs, int[][] byNeed) {
            boolean[] seen = new boolean[cards.length];
            int total = 0;
            for (Need need : needs) {
                total += byNeed[need.ordinal()].length;
            }
            int[] out = new int[total];
            int n = 0;
            for (Need need : needs) {
                for (int i : byNeed[need.ordinal()]) {
                    if (!seen[i]) {
                        seen[i] = true;
                        out[n++] = i;
                    }
                }
            }
            return Arrays.copyOf(out, n);
        }

        /**
         * Great-circle (haversine) distance in km from a point given in radians (with its latitude's cosine) to a
         * located card: the same formula as {@link PostcodeGeography.Point#kmTo}, with the card's trigonometry
         * done once per snapshot.
         */
        double km(int slot, double lat, double lon, double cosOfLat) {
            double sinLat = Math.sin((latRad[slot] - lat) / 2);
            double sinLon = Math.sin((lonRad[slot] - lon) / 2);
            double a = sinLat * sinLat + cosOfLat * cosLat[slot] * sinLon * sinLon;
            return EARTH_KM * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
        }
    }
}
