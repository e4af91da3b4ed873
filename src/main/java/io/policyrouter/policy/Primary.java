package io.policyrouter.policy;

/** The chosen primary and how it was chosen (pin, sticky, quality, cost, best-available). */
public final class Primary {

    public enum Via { PIN, STICKY, QUALITY, COST, CASCADE, BEST_AVAILABLE }

    private final Candidate candidate;
    private final Via via;

    public Primary(Candidate candidate, Via via) {
        this.candidate = candidate;
        this.via = via;
    }

    public Candidate getCandidate() {
        return candidate;
    }

    public String getModelId() {
        return candidate.getId();
    }

    public Via getVia() {
        return via;
    }
}
