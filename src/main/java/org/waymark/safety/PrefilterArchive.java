package org.waymark.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the risk patterns' prefilter DFAs into {@link PatternPrefilter#ARCHIVE}, so the app reads them at start-up
 * instead of building them. Run by the build (Maven's {@code process-classes}, exec-maven-plugin) with the classes
 * folder's archive path as its argument; nothing else calls it.
 */
public final class PrefilterArchive {

    private PrefilterArchive() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PrefilterArchive <file to write>");
        }
        // the last build's archive is on the classpath too: without it, every DFA is built by this build's code
        Files.deleteIfExists(Path.of(args[0]));
        new RiskPatterns(); // asks for every rule's prefilter
        PatternPrefilter.writeArchive(Path.of(args[0]));
        PatternPrefilter.stopBuilding(); // the safety module prints nothing: PatternPrefilterTest checks the archive
    }
}
