package org.waymark.directory;

import java.util.Optional;

/** The conversation's read access to the directory: details of one activity and postcode checks. */
final class RedisDirectory implements Directory {
    private final ServiceStore store;
    private final PostcodeGeography geography;
    private final Freshness freshness;

    RedisDirectory(ServiceStore store, PostcodeGeography geography, Freshness freshness) {
        this.store = store;
        this.geography = geography;
        this.freshness = freshness;
    }

    @Override
    public Optional<ActivityDetails> details(String id) {
        if (id == null || !OrukMapping.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return store.card(id).map(a -> new ActivityDetails(a.id(), a.name(), a.description(), a.organisation(),
                a.address(), a.postcode(), Schedules.when(a.sessions(), freshness.today()), a.costText(), a.contact(),
                a.accessibility()));
    }

    @Override
    public Optional<String> normalisePostcode(String text) {
        return geography.normalise(text);
    }

    @Override
    public boolean flagNotRunning(String id, String note) {
        if (id == null || !OrukMapping.ID.matcher(id).matches()) {
            return false;
        }
        return store.service(id).map(s -> {
            s.put(OrukMapping.FLAGGED_NOT_RUNNING, note == null ? "reported not running" : note);
            store.save(s);
            return true;
        }).orElse(false);
    }
}
