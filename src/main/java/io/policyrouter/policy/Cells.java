package io.policyrouter.policy;

import java.util.Locale;
import java.util.Set;

/** How analysts' cells read: yes/no in any common spelling. */
final class Cells {

    private static final Set<String> YES = Set.of("yes", "y", "true", "x", "1", "ja", "oui", "sí", "si");

    private Cells() {
    }

    static boolean yes(String cell) {
        return cell != null && YES.contains(cell.trim().toLowerCase(Locale.ROOT));
    }
}
