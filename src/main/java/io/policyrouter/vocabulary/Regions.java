package io.policyrouter.vocabulary;

import java.util.Locale;

/** Data regions ("eu", "us", "apac"): the one place a caller's region is normalised (trimmed, lower case). */
public final class Regions {

    private Regions() {
    }

    /** The normalised region, or null for none (absent or blank). */
    public static String normalize(String region) {
        return region == null || region.isBlank() ? null : region.trim().toLowerCase(Locale.ROOT);
    }
}
