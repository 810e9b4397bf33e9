package org.waymark.nlu;

/** {@code java -jar waymark.jar nlu train|evaluate ...}: runs without Spring or Redis. */
public final class NluCommand {
    private NluCommand() {
    }

    public static int run(String[] args) {
        System.err.println("usage: nlu train | nlu evaluate TRAIN.tsv TEST.tsv");
        return 2;
    }
}
