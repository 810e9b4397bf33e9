package org.waymark.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Fills an empty directory with the demo activities so a new install has something to suggest, then reads the
 * cards into this node's index.
 */
@Component
class DemoServicesLoader implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DemoServicesLoader.class);

    private final DirectorySettings settings;
    private final ServiceStore store;
    private final ServiceEdits edits;
    private final ObjectMapper json;
    private final DirectoryIndex index;

    DemoServicesLoader(DirectorySettings settings, ServiceStore store, ServiceEdits edits, ObjectMapper json,
                       DirectoryIndex index) {
        this.settings = settings;
        this.store = store;
        this.edits = edits;
        this.json = json;
        this.index = index;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.loadDemo() && store.count() == 0) {
            log.info("Directory is empty: loaded {} demo activities", edits.loadDemo(demoServices(json)));
        }
        // read the cards now rather than on the first patient's match
        DirectoryIndex.Snapshot cards = index.current();
        log.info("Directory: {} services in memory for matching (version {})", cards.size(),
                cards.version().version());
    }

    static ArrayNode demoServices(ObjectMapper json) {
        try (InputStream in = DemoServicesLoader.class.getResourceAsStream("/directory/demo-services.json")) {
            if (in == null) {
                throw new IllegalStateException("directory/demo-services.json is missing from the classpath");
            }
            return (ArrayNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
