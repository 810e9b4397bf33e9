package org.waymark.conversation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.waymark.nlu.Nlu;

/** Loads and checks {@code dialogs/self-referral.yaml} at start-up; a broken file stops the app with its line. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConversationSettings.class)
class DialogConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DialogConfiguration.class);
    static final String DIALOG_FILE = "self-referral.yaml";

    @Bean
    DialogEngine dialogEngine(ConversationSettings settings, Nlu nlu) {
        Path file = settings.dialogsDir().resolve(DIALOG_FILE);
        String yaml;
        String name;
        try {
            if (Files.isRegularFile(file)) {
                yaml = Files.readString(file, StandardCharsets.UTF_8);
                name = file.toString();
            } else {
                try (InputStream in = DialogConfiguration.class.getResourceAsStream("/dialogs/" + DIALOG_FILE)) {
                    if (in == null) {
                        throw new IllegalStateException("No dialog at " + file.toAbsolutePath()
                                + " nor in the packaged app");
                    }
                    yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    name = "classpath:dialogs/" + DIALOG_FILE;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DialogDefinition definition = DialogLoader.load(name, yaml, nlu.intents());
        log.info("Dialog '{}' loaded from {}: {} states", definition.name(), name, definition.states().size());
        return new DialogEngine(definition);
    }
}
