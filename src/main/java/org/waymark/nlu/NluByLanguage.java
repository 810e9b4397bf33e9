package org.waymark.nlu;

import java.util.Set;

import org.springframework.stereotype.Component;

/** The NLU for each language (placeholder until the per-language models land: English for every language). */
@Component
public class NluByLanguage {
    private final Nlu english;

    NluByLanguage(Nlu english) {
        this.english = english;
    }

    public Nlu forLanguage(String code) {
        return english;
    }

    public Set<String> languages() {
        return Set.of("en");
    }
}
