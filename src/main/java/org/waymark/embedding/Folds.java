package org.waymark.embedding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Stratified k-fold assignment for cross-validation: each label spread evenly over the folds, the same every run. */
public final class Folds {

    private Folds() {
    }

    /** The fold (0 to k-1) of each example, given each example's stratum (its label). */
    public static int[] stratified(List<String> strata, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least two folds: " + k);
        }
        Map<String, List<Integer>> byStratum = new LinkedHashMap<>();
        for (int i = 0; i < strata.size(); i++) {
            byStratum.computeIfAbsent(strata.get(i), s -> new ArrayList<>()).add(i);
        }
        int[] fold = new int[strata.size()];
        Random random = new Random(seed);
        int next = 0;
        for (List<Integer> members : byStratum.values()) {
            Collections.shuffle(members, random);
            for (int index : members) {
                // carry on round the folds from where the last stratum stopped, so small strata do not all land in 0
                fold[index] = next++ % k;
            }
        }
        return fold;
    }

    /** The items not in fold {@code heldOut}, in order: the training part of that fold. */
    public static <T> List<T> outside(List<T> items, int[] fold, int heldOut) {
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (fold[i] != heldOut) {
                out.add(items.get(i));
            }
        }
        return out;
    }
}
