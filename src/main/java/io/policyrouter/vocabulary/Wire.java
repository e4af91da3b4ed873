package io.policyrouter.vocabulary;

import java.util.Locale;

/** Wire names of enums: lower-case on the API ("factual_qa"), case-insensitive when read. */
public final class Wire {

    private Wire() {
    }

    /** The constant named by {@code text} in any case; null when the text names none. */
    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
