package io.policyrouter.policy;

import java.util.Set;

/**
 * The facts the rules and tables reason about: the annotator's findings plus the caller's context, flattened to
 * plain values so a table cell reads like the analyst's vocabulary (taskType == "code", dataClasses contains
 * "EMAIL"). Absent context is "" (never null), so a table condition never trips over a null.
 */
public final class RequestFacts {

    private final String taskType;
    private final double taskConfidence;
    private final String complexity;
    private final double difficulty;
    private final Set<String> dataClasses;
    private final int tokens;
    private final int expectedOutputTokens;
    private final boolean followUp;
    private final String tenant;
    private final String userTier;
    private final String channel;
    private final int latencyBudgetMs;
    private final String requiredConfidence;
    private final String dataRegion;
    private final String previousModel;
    private final String pin;
    private final Set<String> tags;

    private RequestFacts(Builder b) {
        this.taskType = b.taskType;
        this.taskConfidence = b.taskConfidence;
        this.complexity = b.complexity;
        this.difficulty = b.difficulty;
        this.dataClasses = Set.copyOf(b.dataClasses);
        this.tokens = b.tokens;
        this.expectedOutputTokens = b.expectedOutputTokens;
        this.followUp = b.followUp;
        this.tenant = b.tenant;
        this.userTier = b.userTier;
        this.channel = b.channel;
        this.latencyBudgetMs = b.latencyBudgetMs;
        this.requiredConfidence = b.requiredConfidence;
        this.dataRegion = b.dataRegion;
        this.previousModel = b.previousModel;
        this.pin = b.pin;
        this.tags = Set.copyOf(b.tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String getTaskType() {
        return taskType;
    }

    public double getTaskConfidence() {
        return taskConfidence;
    }

    public String getComplexity() {
        return complexity;
    }

    public double getDifficulty() {
        return difficulty;
    }

    public Set<String> getDataClasses() {
        return dataClasses;
    }

    public int getTokens() {
        return tokens;
    }

    public int getExpectedOutputTokens() {
        return expectedOutputTokens;
    }

    public boolean isFollowUp() {
        return followUp;
    }

    public String getTenant() {
        return tenant;
    }

    public String getUserTier() {
        return userTier;
    }

    public String getChannel() {
        return channel;
    }

    /** 0 when the caller gave no budget. */
    public int getLatencyBudgetMs() {
        return latencyBudgetMs;
    }

    public String getRequiredConfidence() {
        return requiredConfidence;
    }

    public String getDataRegion() {
        return dataRegion;
    }

    public String getPreviousModel() {
        return previousModel;
    }

    public String getPin() {
        return pin;
    }

    public Set<String> getTags() {
        return tags;
    }

    public boolean hasPin() {
        return !pin.isEmpty();
    }

    public boolean hasPreviousModel() {
        return !previousModel.isEmpty();
    }

    @Override
    public String toString() {
        return "RequestFacts{task=" + taskType + "@" + taskConfidence + ", complexity=" + complexity
                + ", difficulty=" + difficulty + ", data=" + dataClasses + ", tokens=" + tokens + ", tenant=" + tenant
                + ", tier=" + userTier + ", channel=" + channel + ", budget=" + latencyBudgetMs + ", confidence="
                + requiredConfidence + ", region=" + dataRegion + ", previous=" + previousModel + ", pin=" + pin
                + ", followUp=" + followUp + "}";
    }

    public static final class Builder {
        private String taskType = "other";
        private double taskConfidence = 1.0;
        private String complexity = "low";
        private double difficulty;
        private Set<String> dataClasses = Set.of();
        private int tokens;
        private int expectedOutputTokens = 512;
        private boolean followUp;
        private String tenant = "";
        private String userTier = "";
        private String channel = "";
        private int latencyBudgetMs;
        private String requiredConfidence = "standard";
        private String dataRegion = "";
        private String previousModel = "";
        private String pin = "";
        private Set<String> tags = Set.of();

        public Builder taskType(String v) {
            this.taskType = v;
            return this;
        }

        public Builder taskConfidence(double v) {
            this.taskConfidence = v;
            return this;
        }

        public Builder complexity(String v) {
            this.complexity = v;
            return this;
        }

        public Builder difficulty(double v) {
            this.difficulty = v;
            return this;
        }

        public Builder dataClasses(Set<String> v) {
            this.dataClasses = v;
            return this;
        }

        public Builder tokens(int v) {
            this.tokens = v;
            return this;
        }

        public Builder expectedOutputTokens(int v) {
            this.expectedOutputTokens = v;
            return this;
        }

        public Builder followUp(boolean v) {
            this.followUp = v;
            return this;
        }

        public Builder tenant(String v) {
            this.tenant = nz(v);
            return this;
        }

        public Builder userTier(String v) {
            this.userTier = nz(v);
            return this;
        }

        public Builder channel(String v) {
            this.channel = nz(v);
            return this;
        }

        public Builder latencyBudgetMs(Integer v) {
            this.latencyBudgetMs = v == null ? 0 : v;
            return this;
        }

        public Builder requiredConfidence(String v) {
            this.requiredConfidence = v == null || v.isBlank() ? "standard" : v;
            return this;
        }

        public Builder dataRegion(String v) {
            this.dataRegion = nz(v);
            return this;
        }

        public Builder previousModel(String v) {
            this.previousModel = nz(v);
            return this;
        }

        public Builder pin(String v) {
            this.pin = nz(v);
            return this;
        }

        public Builder tags(Set<String> v) {
            this.tags = v == null ? Set.of() : v;
            return this;
        }

        public RequestFacts build() {
            return new RequestFacts(this);
        }

        private static String nz(String v) {
            return v == null ? "" : v.trim();
        }
    }
}
