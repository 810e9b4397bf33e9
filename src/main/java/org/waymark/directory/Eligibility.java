package org.waymark.directory;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.waymark.taxonomy.Need;

/**
 * Who a group is for, from its Open Referral UK listing: {@code minimum_age}, {@code maximum_age},
 * {@code eligibility_description}, and a structured restriction (an attribute of taxonomy
 * {@value #TAXONOMY}: women, men, carers, families or young_people).
 *
 * @param restriction one of {@link #RESTRICTIONS}, or null when it is open to anyone of the right age
 */
record Eligibility(Integer minimumAge, Integer maximumAge, String description, String restriction) {
    static final String TAXONOMY = "waymark-eligibility";
    static final Set<String> RESTRICTIONS = Set.of("women", "men", "carers", "families", "young_people");
    /** A young people's group with no maximum age given is taken to be for those under 26. */
    static final int YOUNG_PEOPLE_UP_TO = 25;
    static final Eligibility ANYONE = new Eligibility(null, null, null, null);

    static Eligibility of(JsonNode service) {
        String restriction = null;
        for (JsonNode a : service.path("attributes")) {
            JsonNode term = a.path("taxonomy_term");
            if (TAXONOMY.equals(OrukMapping.text(term, "taxonomy"))) {
                String code = Optional.ofNullable(OrukMapping.text(term, "term"))
                        .orElse(OrukMapping.text(term, "name"));
                if (code != null && RESTRICTIONS.contains(code.toLowerCase(Locale.ROOT))) {
                    restriction = code.toLowerCase(Locale.ROOT);
                }
            }
        }
        return new Eligibility(age(service.path("minimum_age")), age(service.path("maximum_age")),
                OrukMapping.text(service, "eligibility_description"), restriction);
    }

    private static Integer age(JsonNode n) {
        return n.isNumber() && n.asInt() >= 0 && n.asInt() <= 130 ? n.asInt() : null;
    }

    /**
     * Whether the patient may go, as far as what they said shows: a stated age outside the range, a man for a
     * women's group or a woman for a men's, rule a group out; a carers', families' or young people's group is only
     * suggested to someone who said they care for someone, have children, or are young enough.
     */
    boolean admits(AboutPatient who, Set<Need> needs) {
        Integer age = who.age();
        if (age != null && (minimumAge != null && age < minimumAge || maximumAge != null && age > maximumAge)) {
            return false;
        }
        if (restriction == null) {
            return true;
        }
        return switch (restriction) {
            case "women" -> !AboutPatient.MAN.equals(who.gender());
            case "men" -> !AboutPatient.WOMAN.equals(who.gender());
            case "carers" -> who.carer() || needs.contains(Need.CARERS_SUPPORT);
            case "families" -> who.parent();
            case "young_people" -> age != null && age <= (maximumAge == null ? YOUNG_PEOPLE_UP_TO : maximumAge);
            default -> true;
        };
    }

    /** For the patient's card: "for women aged 18 and over". */
    String forWhom() {
        return description == null || description.isBlank() ? null
                : "for " + Character.toLowerCase(description.charAt(0)) + description.substring(1);
    }
}
