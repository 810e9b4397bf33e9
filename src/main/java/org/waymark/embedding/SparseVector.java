package org.waymark.embedding;

/**
 * A vector of mostly zeros: the positions that are not zero, ascending, and their values. For the hashed
 * character n-grams ({@link CharGrams}) of languages the sentence embeddings do not know.
 */
public record SparseVector(int[] index, float[] value) {
    public SparseVector {
        if (index.length != value.length) {
            throw new IllegalArgumentException("one value per index");
        }
    }

    public int size() {
        return index.length;
    }
}
