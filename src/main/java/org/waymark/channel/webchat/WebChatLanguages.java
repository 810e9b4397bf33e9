package org.waymark.channel.webchat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import org.waymark.locale.Locales;

/** The languages the widget speaks, the default first, with its labels in each (from the dialogs' locale files). */
@RestController
class WebChatLanguages {
    private final Locales locales;

    WebChatLanguages(Locales locales) {
        this.locales = locales;
    }

    /** A language the widget can show: its code, its name in itself, and the widget's labels in it. */
    record LanguageLabels(String code, String name, Map<String, String> labels) {
    }

    @GetMapping("/api/webchat/languages")
    ResponseEntity<List<LanguageLabels>> languages() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePublic())
                .body(locales.all().stream().map(l -> new LanguageLabels(l.code(), l.name(), l.widget())).toList());
    }
}
