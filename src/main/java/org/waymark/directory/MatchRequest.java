package org.waymark.directory;

import java.util.Set;

import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Language;
import org.waymark.taxonomy.Need;

/**
 * What a patient asked for.
 *
 * @param needs        one or more needs (any fit counts, more fits rank higher)
 * @param postcode     a full or outward postcode, or null when skipped
 * @param availability when they are free ({@link Availability#ANY} when not said)
 * @param freeOnly     true when it must be free: only free activities are offered
 * @param access       access needs ("wheelchair", "hearing", ...), empty when none
 * @param exclude      ids already shown (for MORE)
 * @param limit        how many at most (the dialog uses 3)
 * @param who          what the patient said of themselves: a group they cannot join is never offered
 * @param language     the patient's language, an ISO 639-1 code ("bn"; a name such as "Bengali" is read as its
 *                     code), or null for English: groups that speak it come first among those that fit, and
 *                     none is left out for not speaking it. English ("en") is kept as null.
 */
public record MatchRequest(Set<Need> needs, String postcode, Availability availability, boolean freeOnly,
                           Set<String> access, Set<String> exclude, int limit, AboutPatient who, String language) {
    /** A request that knows nothing of the patient (link workers' own searches, benchmarks). */
    public MatchRequest(Set<Need> needs, String postcode, Availability availability, boolean freeOnly,
                        Set<String> access, Set<String> exclude, int limit) {
        this(needs, postcode, availability, freeOnly, access, exclude, limit, AboutPatient.UNKNOWN, null);
    }

    /** A request in English (or with the language still to be added by {@link #withLanguage(String)}). */
    public MatchRequest(Set<Need> needs, String postcode, Availability availability, boolean freeOnly,
                        Set<String> access, Set<String> exclude, int limit, AboutPatient who) {
        this(needs, postcode, availability, freeOnly, access, exclude, limit, who, null);
    }

    /** The same request for a patient who speaks {@code language} (a code such as "bn"; null or "en": English). */
    public MatchRequest withLanguage(String language) {
        return new MatchRequest(needs, postcode, availability, freeOnly, access, exclude, limit, who, language);
    }

    public MatchRequest {
        who = who == null ? AboutPatient.UNKNOWN : who;
        needs = Set.copyOf(needs);
        access = access == null ? Set.of() : Set.copyOf(access);
        exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
        availability = availability == null ? Availability.ANY : availability;
        language = Language.english(language) ? null
                : Language.lenient(language).map(Language::code).orElse(null);
    }
}
