package org.waymark.directory;

import java.util.Optional;

/** Read access to the directory for the conversation. */
public interface Directory {

    Optional<ActivityDetails> details(String id);

    /** A postcode in any form ("e16an", "E1 6AN", "N7") if it is a known UK postcode or outward code, normalised. */
    Optional<String> normalisePostcode(String text);
}
