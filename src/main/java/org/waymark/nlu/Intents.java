package org.waymark.nlu;

import java.util.Set;

/** The dialog intents. {@code inform} is a patient telling us something (needs, postcode, times). */
public final class Intents {
    public static final String GREET = "greet";
    public static final String AFFIRM = "affirm";
    public static final String DENY = "deny";
    public static final String REQUEST_HUMAN = "request_human";
    public static final String STOP = "stop";
    public static final String START = "start";
    public static final String HELP = "help";
    public static final String RESTART = "restart";
    public static final String DONT_KNOW = "dont_know";
    public static final String THANKS = "thanks";
    public static final String GOODBYE = "goodbye";
    public static final String CHOOSE_OPTION = "choose_option";
    public static final String MORE = "more";
    public static final String INFORM = "inform";
    public static final String OUT_OF_SCOPE = "out_of_scope";

    public static final Set<String> ALL = Set.of(GREET, AFFIRM, DENY, REQUEST_HUMAN, STOP, START, HELP, RESTART,
            DONT_KNOW, THANKS, GOODBYE, CHOOSE_OPTION, MORE, INFORM, OUT_OF_SCOPE);

    private Intents() {
    }
}
