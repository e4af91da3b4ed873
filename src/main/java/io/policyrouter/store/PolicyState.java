package io.policyrouter.store;

/** Which compiled policy answers, as every replica reads it from the store, and the one before it. */
public record PolicyState(String activeVersion, String previousVersion, long changedAtMs) {
}
