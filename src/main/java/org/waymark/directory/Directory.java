package org.waymark.directory;

import java.util.Optional;

/** Read access to the directory for the conversation. */
public interface Directory {

    Optional<ActivityDetails> details(String id);

    /** A postcode in any form ("e16an", "E1 6AN", "N7") if it is a known UK postcode or outward code, normalised. */
    Optional<String> normalisePostcode(String text);

    /**
     * A patient said the activity was not running when they went: it counts as unchecked (not suggested, at the
     * head of the link workers' re-check list) until one verifies it again. False for an unknown id.
     */
    boolean flagNotRunning(String id, String note);
}
