package io.policyrouter.policy;

import io.policyrouter.vocabulary.TaskType;
import io.policyrouter.catalog.ModelProfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A catalog model as a fact. Hard-constraint rules mark it removed (with the constraint that removed it); it is
 * never deleted, so the explanation can list every removed candidate and why.
 */
public final class Candidate {

    private final ModelProfile model;
    private final List<Removal> removals = new ArrayList<>();

    public Candidate(ModelProfile model) {
        this.model = model;
    }

    public ModelProfile model() {
        return model;
    }

    public String getId() {
        return model.id();
    }

    public String getProvider() {
        return model.provider();
    }

    public String getStatus() {
        return model.status().wire();
    }

    public int getP95Ms() {
        return model.p95Ms();
    }

    public int getContextWindow() {
        return model.contextWindow();
    }

    public boolean hasFlag(String flag) {
        return model.hasFlag(flag);
    }

    public boolean hasAllFlags(java.util.Set<String> flags) {
        return model.flags().containsAll(flags);
    }

    public String missingFlags(java.util.Set<String> flags) {
        return String.join(" + ", flags.stream().filter(f -> !model.hasFlag(f)).sorted().toList());
    }

    public boolean servesAnyRegion(java.util.Set<String> regions) {
        return model.servesAnyRegion(regions);
    }

    /** Quality for a capability (a task type's wire name); 0 for an unknown capability. */
    public double score(String capability) {
        TaskType task = TaskType.fromWire(capability);
        return task == null ? 0.0 : model.score(task);
    }

    public double estimateCost(int inputTokens, int outputTokens) {
        return model.estimateCost(inputTokens, outputTokens);
    }

    public boolean isEligible() {
        return removals.isEmpty();
    }

    public boolean isRemovedBy(Constraint constraint) {
        for (Removal r : removals) {
            if (r.constraint() == constraint) {
                return true;
            }
        }
        return false;
    }

    /** Called from a rule consequence inside modify(): records why this candidate can no longer be chosen. */
    /** Removed, and by this constraint alone: every other hard constraint would have let it serve. */
    public boolean isRemovedOnlyBy(Constraint constraint) {
        if (removals.isEmpty()) {
            return false;
        }
        for (Removal r : removals) {
            if (r.constraint() != constraint) {
                return false;
            }
        }
        return true;
    }

    public void remove(Constraint constraint, String reason) {
        removals.add(new Removal(constraint, reason));
    }

    public String describeRemovals() {
        return String.join("; ", removals.stream().map(r -> r.reason() + " [" + r.constraint().describe() + "]").toList());
    }

    public List<Removal> getRemovals() {
        return Collections.unmodifiableList(removals);
    }

    @Override
    public String toString() {
        return model.id() + (removals.isEmpty() ? "" : " (removed)");
    }

    public record Removal(Constraint constraint, String reason) {
    }
}
