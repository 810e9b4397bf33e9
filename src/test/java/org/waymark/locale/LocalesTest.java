package org.waymark.locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The languages as data: what ships loads, and a translation that lost or gained a key is refused at its line. */
class LocalesTest {
    private static final Path SHIPPED = Path.of("dialogs");

    @Test
    void theShippedLanguagesLoadWithEnglishFirst() {
        Locales locales = new Locales(SHIPPED.toString());
        assertThat(locales.all()).extracting(Locales.Language::code).startsWith("en").contains("bn");
        Locales.Language bn = locales.get("bn");
        assertThat(bn.englishName()).isEqualTo("Bengali");
        assertThat(bn.name()).isEqualTo("বাংলা");
        assertThat(bn.offer().text()).contains("Bengali"); // asked in both languages: the guess may be wrong
        assertThat(locales.get("pl").code()).isEqualTo("en"); // a language it does not speak: the default
        assertThat(locales.names()).isEqualTo("English / বাংলা");
    }

    @Test
    void aKeywordAloneChoosesALanguageButAKeywordInASentenceDoesNot() {
        Locales locales = new Locales(SHIPPED.toString());
        assertThat(locales.byKeyword(" Bangla ")).map(Locales.Language::code).contains("bn");
        assertThat(locales.byKeyword("বাংলা")).map(Locales.Language::code).contains("bn");
        assertThat(locales.byKeyword("English please.")).map(Locales.Language::code).contains("en");
        assertThat(locales.byKeyword("my mum only speaks bangla")).isEmpty();
    }

    @Test
    void aMissingKeyIsRefusedNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        Path bn = copyShipped(dir);
        String text = Files.readString(bn);
        Files.writeString(bn, text.replaceFirst("(?m)^  send: .*\\n", ""));
        assertThatThrownBy(() -> new Locales(dir.toString()))
                .isInstanceOf(LocaleException.class)
                .hasMessageContaining("bn/locale.yaml")
                .hasMessageContaining("missing key 'widget.send'");
    }

    @Test
    void anExtraKeyIsRefusedAtItsOwnLine(@TempDir Path dir) throws IOException {
        Path bn = copyShipped(dir);
        String text = Files.readString(bn);
        Files.writeString(bn, text.replaceFirst("(?m)^widget:\\n", "widget:\n  sned: \"x\"\n"));
        int line = (int) text.lines().takeWhile(l -> !l.equals("widget:")).count() + 2;
        assertThatThrownBy(() -> new Locales(dir.toString()))
                .isInstanceOf(LocaleException.class)
                .hasMessageContaining("bn/locale.yaml:" + line + ":")
                .hasMessageContaining("extra key 'widget.sned'");
    }

    @Test
    void aLostPlaceholderIsRefused(@TempDir Path dir) throws IOException {
        Path bn = copyShipped(dir);
        String text = Files.readString(bn);
        String line = text.lines().filter(l -> l.startsWith("  contact_call_on:")).findFirst().orElseThrow();
        Files.writeString(bn, text.replace(line, "  contact_call_on: \"ফোন করে\""));
        assertThatThrownBy(() -> new Locales(dir.toString()))
                .hasMessageContaining("'words.contact_call_on' has placeholders []; English has [phone]");
    }

    /** dialogs/ copied to a temporary folder; returns its Bengali locale file. */
    private static Path copyShipped(Path dir) throws IOException {
        Files.copy(SHIPPED.resolve(Locales.FILE), dir.resolve(Locales.FILE));
        Files.createDirectories(dir.resolve("bn"));
        Path bn = dir.resolve("bn").resolve(Locales.FILE);
        Files.copy(SHIPPED.resolve("bn").resolve(Locales.FILE), bn);
        return bn;
    }
}
