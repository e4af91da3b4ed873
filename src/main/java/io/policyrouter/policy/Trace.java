package io.policyrouter.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-session global the rule consequences write their one-line reasons and notes into. The fired rules
 * themselves are recorded by an agenda listener, so a rule that forgets to explain itself still shows up.
 */
public final class Trace {

    private static final int MAX_REASONS_PER_RULE = 4;

    private final Map<String, Set<String>> reasons = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public void because(String rule, String reason) {
        Set<String> set = reasons.computeIfAbsent(rule, r -> new LinkedHashSet<>());
        if (set.size() < MAX_REASONS_PER_RULE) {
            set.add(reason);
        }
    }

    /** Something the caller should know about the decision (a pin not honoured, stickiness broken, a default). */
    public void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    public String reasonFor(String rule) {
        Set<String> set = reasons.get(rule);
        return set == null ? "" : String.join("; ", set);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
