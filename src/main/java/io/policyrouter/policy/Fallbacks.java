package io.policyrouter.policy;

import java.util.List;

/** The ordered fallback chain after the primary; every step passed the same hard constraints. */
public final class Fallbacks {

    private final List<Candidate> chain;

    public Fallbacks(List<Candidate> chain) {
        this.chain = List.copyOf(chain);
    }

    public List<Candidate> getChain() {
        return chain;
    }
}
