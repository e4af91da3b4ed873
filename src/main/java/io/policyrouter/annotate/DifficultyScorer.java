package io.policyrouter.annotate;

import java.util.Map;

/** Interim length-only score; replaced by the trained model (issue 6). */
public final class DifficultyScorer {

    public Difficulty score(String text, TaskPrediction task) {
        double length = Math.min(1.0, (text == null ? 0 : text.length()) / 4000.0);
        return new Difficulty(length, Map.of("length", length));
    }
}
