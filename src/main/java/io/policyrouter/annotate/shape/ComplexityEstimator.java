package io.policyrouter.annotate.shape;

import io.policyrouter.vocabulary.Complexity;
import io.policyrouter.vocabulary.ComplexityBand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structural complexity from documented signals (docs/annotator.md), read off the features the classifiers already
 * extracted, so it costs almost nothing: size in tokens, several questions, explicit steps, constraints on the
 * answer's form, code and math density, an attached document. Each signal is in [0, 1]; the score is their
 * weighted sum; bands cut at {@value #MEDIUM_FROM} and {@value #HIGH_FROM}.
 */
public final class ComplexityEstimator {

    static final double MEDIUM_FROM = 0.30;
    static final double HIGH_FROM = 0.60;

    private static final int LIST_LINES = TextFeatures.signalIndex("list_lines");
    private static final int STEPS = TextFeatures.signalIndex("cue_steps");
    private static final int FORMAT = TextFeatures.signalIndex("cue_format");
    private static final int CODE_SYMBOLS = TextFeatures.signalIndex("code_symbols");
    private static final int FENCE = TextFeatures.signalIndex("fence");
    private static final int CODE_SYNTAX = TextFeatures.signalIndex("cue_code_syntax");
    private static final int MATH_OPS = TextFeatures.signalIndex("math_ops");
    private static final int LATEX = TextFeatures.signalIndex("latex");
    private static final int NUMBERS = TextFeatures.signalIndex("numbers");
    private static final int PASSAGE = TextFeatures.signalIndex("passage");

    public Complexity estimate(TextFeatures f, int tokens, int questions) {
        if (!f.hasContent()) {
            return new Complexity(ComplexityBand.LOW, 0.0, Map.of());
        }
        Map<String, Double> signals = new LinkedHashMap<>();
        signals.put("size", clamp(Math.log1p(tokens / 40.0) / Math.log1p(2000 / 40.0)));
        signals.put("questions", clamp((questions - 1) / 3.0));
        signals.put("steps", (double) Math.max(f.signal(LIST_LINES), f.signal(STEPS)));
        signals.put("constraints", (double) f.signal(FORMAT));
        signals.put("code", (double) Math.max(Math.max(f.signal(CODE_SYMBOLS), f.signal(FENCE)), f.signal(CODE_SYNTAX)));
        signals.put("math", (double) Math.max(Math.max(f.signal(MATH_OPS), f.signal(LATEX)), f.signal(NUMBERS)));
        signals.put("document", (double) f.signal(PASSAGE));
        double score = clamp(0.25 * signals.get("size") + 0.10 * signals.get("questions")
                + 0.15 * signals.get("steps") + 0.10 * signals.get("constraints")
                + 0.15 * signals.get("code") + 0.15 * signals.get("math") + 0.10 * signals.get("document"));
        signals.replaceAll((k, v) -> round(v));
        ComplexityBand band = score >= HIGH_FROM ? ComplexityBand.HIGH
                : score >= MEDIUM_FROM ? ComplexityBand.MEDIUM : ComplexityBand.LOW;
        return new Complexity(band, round(score), Collections.unmodifiableMap(signals));
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
