package io.policyrouter.vocabulary;

import java.util.Map;

/** Structural complexity of a request: a score in [0, 1], its band, and the documented signals that produced it. */
public record Complexity(ComplexityBand band, double score, Map<String, Double> signals) {
}
