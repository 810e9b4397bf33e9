package org.waymark.directory;

/**
 * What a patient has said of themselves that decides which groups they may join: "I'm 15", "widower", "new mum",
 * "I look after my dad". Unknown stays unknown (null, false): only what they said rules a group out.
 *
 * @param age    their age in years, when they said it
 * @param gender "woman" or "man", when they said it
 * @param carer  they look after someone
 * @param parent they have children (a new mum, a dad, "my kids")
 */
public record AboutPatient(Integer age, String gender, boolean carer, boolean parent) {
    public static final AboutPatient UNKNOWN = new AboutPatient(null, null, false, false);
    public static final String WOMAN = "woman";
    public static final String MAN = "man";

    /** What is known now: what this message says, over what earlier ones said. */
    public AboutPatient and(AboutPatient newer) {
        return new AboutPatient(newer.age != null ? newer.age : age, newer.gender != null ? newer.gender : gender,
                carer || newer.carer, parent || newer.parent);
    }
}
