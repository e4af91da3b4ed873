package io.policyrouter.store;

/** One change of the active policy: who, when, what, from which version to which, on which replica. */
public record PolicyChange(long atMs, String actor, String action, String fromVersion, String toVersion,
                           String replica) {
}
