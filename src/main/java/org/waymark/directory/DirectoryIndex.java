package org.waymark.directory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.waymark.taxonomy.Need;

/**
 * Each node's in-memory copy of the directory's cards, kept true to Redis (which stays the only truth).
 *
 * <p>{@link #current()} asks Redis for the directory's version (one MGET of two small keys) and, when it has not
 * moved, hands back the node's immutable {@link Snapshot} without taking a lock. When it has moved, one thread at a
 * time reads the ids changed since ({@link ServiceStore#changesSince}), HMGETs just those cards and swaps in a new
 * snapshot (copy-on-write); it reads every card instead when this node is further behind than the changes Redis
 * still lists, when the changes are many, or when Redis holds another history (wiped, restored elsewhere). So a
 * change saved on any node is in every node's very next match.
 */
final class DirectoryIndex {
    /** Past this many changed ids, reading every card again is about as cheap as reading just those. */
    static final int MAX_CHANGES_READ = 2_000;

    private final ServiceStore store;
    private final Object refreshLock = new Object();
    private final AtomicLong fullReads = new AtomicLong();
    private volatile Snapshot current = Snapshot.NONE;

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
            Snapshot next = latest == Snapshot.NONE ? null : catchUp(latest);
            if (next == null) {
                ServiceStore.AllCards all = store.allCardsWithVersion();
                fullReads.incrementAndGet();
                next = new Snapshot(all.version(), all.cards());
            }
            current = next;
            return next;
        }
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
        Map<String, Activity> cards = new HashMap<>(s.byId);
        changes.ids().forEach(cards::remove);
        store.cards(changes.ids()).forEach(a -> cards.put(a.id(), a));
        return new Snapshot(now, cards);
    }

    /** How many times this node has read every card (for tests). */
    long fullReads() {
        return fullReads.get();
    }

    /**
     * Every card at one version, with what matching needs ready: for each need the active, located cards that
     * serve it (with coordinates in radians), and all cards that serve it. Never changed once built.
     */
    static final class Snapshot {
        static final Snapshot NONE = new Snapshot(new ServiceStore.Version("", -1), Map.of());
        /** The mean Earth radius {@link PostcodeGeography.Point#kmTo} uses. */
        static final double EARTH_KM = 6371.0088;

        private final ServiceStore.Version version;
        private final Map<String, Activity> byId;
        private final Activity[] cards;
        private final List<Activity> list;
        private final double[] latRad;
        private final double[] lonRad;
        private final double[] cosLat;
        /** Per {@link Need#ordinal()}: active, located cards serving it. */
        private final int[][] located;
        /** Per {@link Need#ordinal()}: every card serving it. */
        private final int[][] serving;
        /** Active, located cards that serve at least one need. */
        private final int[] locatedAny;

        Snapshot(ServiceStore.Version version, Map<String, Activity> byId) {
            this.version = version;
            this.byId = Collections.unmodifiableMap(byId);
            this.cards = byId.values().toArray(Activity[]::new);
            // a steady order whatever the map's: ties in ranking then fall the same way on every node
            Arrays.sort(cards, (a, b) -> a.id().compareTo(b.id()));
            this.list = List.of(cards);
            int n = cards.length;
            latRad = new double[n];
            lonRad = new double[n];
            cosLat = new double[n];
            Need[] needs = Need.values();
            int[] locatedCount = new int[needs.length];
            int[] servingCount = new int[needs.length];
            int anyCount = 0;
            for (int i = 0; i < n; i++) {
                Activity a = cards[i];
                boolean inMatching = a.located() && a.active();
                if (a.located()) {
                    latRad[i] = Math.toRadians(a.lat());
                    lonRad[i] = Math.toRadians(a.lon());
                    cosLat[i] = Math.cos(latRad[i]);
                } else {
                    latRad[i] = Double.NaN;
                    lonRad[i] = Double.NaN;
                    cosLat[i] = Double.NaN;
                }
                for (Need need : a.needs()) {
                    servingCount[need.ordinal()]++;
                    if (inMatching) {
                        locatedCount[need.ordinal()]++;
                    }
                }
                if (inMatching && !a.needs().isEmpty()) {
                    anyCount++;
                }
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
                boolean inMatching = a.located() && a.active();
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

        ServiceStore.Version version() {
            return version;
        }

        /** Every card, in id order. */
        List<Activity> cards() {
            return list;
        }

        Activity card(int i) {
            return cards[i];
        }

        Activity card(String id) {
            return byId.get(id);
        }

        int size() {
            return cards.length;
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
                Arrays.setAll(all, i -> i);
                return all;
            }
            if (needs.size() == 1) {
                return serving[needs.iterator().next().ordinal()];
            }
            return union(needs, serving);
        }

        private int[] union(Collection<Need> needs, int[][] byNeed) {
            boolean[] seen = new boolean[cards.length];
            List<int[]> parts = new ArrayList<>(needs.size());
            int total = 0;
            for (Need need : needs) {
                parts.add(byNeed[need.ordinal()]);
                total += byNeed[need.ordinal()].length;
            }
            int[] out = new int[total];
            int n = 0;
            for (int[] part : parts) {
                for (int i : part) {
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
        double km(int i, double lat, double lon, double cosOfLat) {
            double sinLat = Math.sin((latRad[i] - lat) / 2);
            double sinLon = Math.sin((lonRad[i] - lon) / 2);
            double a = sinLat * sinLat + cosOfLat * cosLat[i] * sinLon * sinLon;
            return EARTH_KM * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
        }
    }
}
