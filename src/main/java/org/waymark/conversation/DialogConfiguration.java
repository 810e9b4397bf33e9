package org.waymark.conversation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.waymark.locale.LanguageFiles;
import org.waymark.locale.Locales;
import org.waymark.nlu.Nlu;

/** Loads and checks {@code dialogs/self-referral.yaml} at start-up; a broken file stops the app with its line. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConversationSettings.class)
class DialogConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DialogConfiguration.class);
    static final String DIALOG_FILE = "self-referral.yaml";

    @Bean
    DialogEngine dialogEngine(ConversationSettings settings, Nlu nlu, Locales locales) {
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
        // each other language's messages, with the English keys, options and placeholders
        LanguageFiles files = new LanguageFiles(settings.dialogsDir());
        Map<String, Map<String, DialogDefinition.MessageDef>> translations = new LinkedHashMap<>();
        for (Locales.Language language : locales.all()) {
            if (language.isDefault()) {
                continue;
            }
            String where = files.describe(language.code(), DIALOG_FILE);
            String text = files.read(language.code(), DIALOG_FILE).orElseThrow(() -> new DialogException(where, 1,
                    "missing: every language needs the dialog's messages (" + language.englishName() + ")"));
            translations.put(language.code(), DialogLoader.loadTranslation(where, text, name, yaml));
        }
        definition = definition.withTranslations(translations);
        log.info("Dialog '{}' loaded from {}: {} states, messages in {} more languages", definition.name(), name,
                definition.states().size(), translations.size());
        return new DialogEngine(definition);
    }
}
