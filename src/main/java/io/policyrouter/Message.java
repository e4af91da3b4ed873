package io.policyrouter;

/** One chat message (OpenAI shape): role is system, user, assistant or tool. */
public record Message(String role, String content) {
}
