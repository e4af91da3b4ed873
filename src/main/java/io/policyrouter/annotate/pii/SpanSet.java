package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The spans found in one text. Structured detectors run first and claim their characters, so a card number is not
 * also a phone and a name inside an e-mail address is not a person.
 */
final class SpanSet {

    private final int length;
    private int size;
    private byte[] type = new byte[8];
    private int[] start = new int[8];
    private int[] end = new int[8];
    private long[] claimed;
    /** One bitmap per class, made on first use, so "is there a LOCATION near here" costs the window, not the list. */
    private final long[][] byType = new long[DataClass.values().length][];

    SpanSet(int length) {
        this.length = length;
    }

    /** Adds a span and claims its characters; ignores empty or out-of-range spans. */
    void add(DataClass t, int s, int e) {
        if (s < 0 || e > length || s >= e) {
            return;
        }
        if (size == type.length) {
            type = Arrays.copyOf(type, size * 2);
            start = Arrays.copyOf(start, size * 2);
            end = Arrays.copyOf(end, size * 2);
        }
        type[size] = (byte) t.ordinal();
        start[size] = s;
        end[size] = e;
        size++;
        if (claimed == null) {
            claimed = new long[(length >>> 6) + 1];
        }
        long[] own = byType[t.ordinal()];
        if (own == null) {
            own = new long[(length >>> 6) + 1];
            byType[t.ordinal()] = own;
        }
        for (int i = s; i < e; i++) {
            claimed[i >>> 6] |= 1L << i;
            own[i >>> 6] |= 1L << i;
        }
    }

    /** True when any character in [s, e) already belongs to a span. */
    boolean claimed(int s, int e) {
        if (claimed == null) {
            return false;
        }
        for (int i = Math.max(0, s); i < e && i < length; i++) {
            if ((claimed[i >>> 6] & (1L << i)) != 0) {
                return true;
            }
        }
        return false;
    }


    /** True when a span of type t overlaps [s, e). */
    boolean overlaps(DataClass t, int s, int e) {
        long[] own = byType[t.ordinal()];
        if (own == null) {
            return false;
        }
        for (int i = Math.max(0, s); i < e && i < length; i++) {
            if ((own[i >>> 6] & (1L << i)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Sorted by start (then type); overlapping or touching spans of one type are merged. */
    List<PiiSpan> toList() {
        if (size == 0) {
            return List.of();
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> type[a] != type[b] ? Integer.compare(type[a], type[b])
                : Integer.compare(start[a], start[b]));
        List<PiiSpan> out = new ArrayList<>(size);
        DataClass[] classes = DataClass.values();
        int i = 0;
        while (i < size) {
            int t = type[order[i]];
            int s = start[order[i]];
            int e = end[order[i]];
            int j = i + 1;
            while (j < size && type[order[j]] == t && start[order[j]] <= e) {
                e = Math.max(e, end[order[j]]);
                j++;
            }
            out.add(new PiiSpan(classes[t], s, e));
            i = j;
        }
        out.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
                : a.type().compareTo(b.type()));
        return out;
    }
}
