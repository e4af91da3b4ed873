package io.policyrouter.vocabulary;

/** One chat message (OpenAI shape): role is system, user, assistant or tool. */
public record Message(String role, String content) {
}
