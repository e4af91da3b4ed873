package io.policyrouter.vocabulary;

import java.util.Map;

/** Estimated probability in [0, 1] that a weaker model fails the request, with the named signals behind it. */
public record Difficulty(double score, Map<String, Double> signals) {
}
