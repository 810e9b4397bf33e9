package org.waymark.nlu;

/**
 * One thing found in a message. Names and value forms:
 * <ul>
 * <li>{@code postcode}: a validated UK postcode, upper case with one space ("E1 6AN"), or an outward code ("N7")</li>
 * <li>{@code yes_no}: "yes" or "no"</li>
 * <li>{@code number}: "0" to "10"</li>
 * <li>{@code option}: the 1-based index of the option chosen among those offered ("2")</li>
 * <li>{@code availability}: {@code days=MO,TU;from=09:00;to=12:00} (see {@code taxonomy.Availability})</li>
 * <li>{@code cost}: "free" when the patient wants free things</li>
 * <li>{@code access}: "wheelchair", "hearing", "sight", "step_free", "quiet" ...</li>
 * </ul>
 */
public record Entity(String entity, String value) {
}
