package org.waymark.directory;

import java.util.Set;

import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

/**
 * What a patient asked for.
 *
 * @param needs        one or more needs (any fit counts, more fits rank higher)
 * @param postcode     a full or outward postcode, or null when skipped
 * @param availability when they are free ({@link Availability#ANY} when not said)
 * @param freeOnly     true when cost matters
 * @param access       access needs ("wheelchair", "hearing", ...), empty when none
 * @param exclude      ids already shown (for MORE)
 * @param limit        how many at most (the dialog uses 3)
 */
public record MatchRequest(Set<Need> needs, String postcode, Availability availability, boolean freeOnly,
                           Set<String> access, Set<String> exclude, int limit) {
    public MatchRequest {
        needs = Set.copyOf(needs);
        access = access == null ? Set.of() : Set.copyOf(access);
        exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
        availability = availability == null ? Availability.ANY : availability;
    }
}
