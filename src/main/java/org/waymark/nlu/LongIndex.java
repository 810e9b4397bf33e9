package org.waymark.nlu;

/** Feature hash to dense id, open addressing over primitive arrays: no boxing on the parse path. */
final class LongIndex {
    private final long[] keys;
    private final int[] ids;
    private final int mask;
    private int size;

    LongIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        ids = new int[capacity];
        mask = capacity - 1;
        java.util.Arrays.fill(ids, -1);
    }

    /** The id of the key, added as the next id when new. */
    int add(long key) {
        int slot = slot(key);
        while (ids[slot] >= 0) {
            if (keys[slot] == key) {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ids[slot] = size;
        return size++;
    }

    /** The id of the key, or -1. */
    int get(long key) {
        int slot = slot(key);
        while (ids[slot] >= 0) {
            if (keys[slot] == key) {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
