package org.waymark.nlu;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.waymark.taxonomy.Need;

/**
 * What the NLU understood of one patient message.
 *
 * @param text     the text as the patient wrote it
 * @param intent   the best dialog intent ({@link Intents}); {@code out_of_scope} when the best guess is weak or two
 *                 guesses are too close
 * @param ranking  every intent the classifier knows, best first
 * @param needs    zero or more of the twelve needs the message carries
 * @param entities postcode, yes_no, number, option, availability, cost, access
 */
public record Parse(String text, IntentScore intent, List<IntentScore> ranking, Set<Need> needs,
                    List<Entity> entities) {

    public Parse {
        ranking = List.copyOf(ranking);
        needs = Set.copyOf(needs);
        entities = List.copyOf(entities);
    }

    public boolean is(String intentName) {
        return intent.name().equals(intentName);
    }

    /** The first value of the named entity, if any. */
    public Optional<String> entity(String name) {
        return entities.stream().filter(e -> e.entity().equals(name)).map(Entity::value).findFirst();
    }

    public List<String> entities(String name) {
        return entities.stream().filter(e -> e.entity().equals(name)).map(Entity::value).toList();
    }
}
