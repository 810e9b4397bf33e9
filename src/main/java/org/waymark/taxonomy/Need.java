package org.waymark.taxonomy;

import java.util.Arrays;
import java.util.Optional;

/** The twelve needs shared by the NLU, the directory and the reports. */
public enum Need {
    LONELINESS("loneliness", "meeting people"),
    PHYSICAL_ACTIVITY("physical_activity", "getting active"),
    MENTAL_WELLBEING("mental_wellbeing", "feeling low or stressed"),
    MONEY("money", "money worries"),
    HOUSING("housing", "housing"),
    EMPLOYMENT("employment", "work"),
    ARTS_CREATIVITY("arts_creativity", "arts and making things"),
    NATURE_GARDENING("nature_gardening", "nature and gardening"),
    LEARNING("learning", "learning something new"),
    HEALTHY_EATING("healthy_eating", "eating well"),
    CARERS_SUPPORT("carers_support", "support as a carer"),
    VOLUNTEERING("volunteering", "volunteering");

    private final String code;
    private final String plainWords;

    Need(String code, String plainWords) {
        this.code = code;
        this.plainWords = plainWords;
    }

    /** The code used in data files, APIs and reports, e.g. {@code physical_activity}. */
    public String code() {
        return code;
    }

    /** How the bot names the need to a patient, e.g. "getting active". */
    public String plainWords() {
        return plainWords;
    }

    public static Optional<Need> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.trim().toLowerCase(java.util.Locale.ROOT);
        return Arrays.stream(values()).filter(n -> n.code.equals(c)).findFirst();
    }
}
