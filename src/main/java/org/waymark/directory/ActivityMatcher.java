package org.waymark.directory;

import java.util.List;

/**
 * Finds up to {@code limit} active, recently verified activities for a patient, best first. Never returns an
 * inactive, defunct, temporarily closed or stale service.
 */
public interface ActivityMatcher {
    List<Suggestion> match(MatchRequest request);
}
