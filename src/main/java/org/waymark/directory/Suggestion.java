package org.waymark.directory;

import java.util.List;

/**
 * One activity offered to a patient, with why it was chosen.
 *
 * @param id         the ORUK service id
 * @param name       the service name
 * @param needs      need codes it serves
 * @param distanceKm from the patient's postcode, null when no postcode
 * @param when       a short schedule line, e.g. "Tue 10:00-12:00"
 * @param cost       "Free" or a short cost line
 * @param why        a short reason, e.g. "meets weekday mornings, 0.8 km away, free"
 * @param language   the patient's language as the listing names it ("Bengali", "Sylheti") when the group speaks
 *                   it, for a patient who asked in a language other than English; else null
 */
public record Suggestion(String id, String name, List<String> needs, Double distanceKm, String when, String cost,
                         String why, String language) {
    /** A suggestion that says nothing of the language the group speaks. */
    public Suggestion(String id, String name, List<String> needs, Double distanceKm, String when, String cost,
                      String why) {
        this(id, name, needs, distanceKm, when, cost, why, null);
    }
}
