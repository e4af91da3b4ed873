package io.policyrouter.annotate.task;

import io.policyrouter.annotate.model.DifficultyModel;
import io.policyrouter.annotate.shape.PromptShape;
import io.policyrouter.annotate.shape.TextFeatures;
import io.policyrouter.vocabulary.Difficulty;
import io.policyrouter.vocabulary.TaskPrediction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DifficultyScorerTest {

    private static final TaskClassifier TASKS = new TaskClassifier();
    private static final DifficultyScorer SCORER = new DifficultyScorer();

    private static double score(String text) {
        Difficulty d = SCORER.score(text, TASKS.classify(text));
        assertTrue(d.score() >= 0 && d.score() <= 1, () -> "score out of range: " + d);
        return d.score();
    }

    /** Its task-type inputs are calibrated confidences: a recalibrated task model needs a retrained one. */
    @Test
    void shippedDifficultyModelWasTrainedOnTheShippedTaskCalibration() {
        String recorded = DifficultyModel.resource(DifficultyScorer.RESOURCE).meta("task_calibration");
        assertEquals(TASKS.calibrationKey(), recorded, "retrain: mvn -q compile exec:java@train-difficulty");
    }

    /**
     * Within one answer format. Across formats the levels are not comparable: in the training data every free-form
     * prompt is a GSM8K word problem, so the model gives free-form prompts a word-problem level.
     */
    @Test
    void clearlyHardPromptsScoreAboveClearlyEasyOnes() {
        double easy = score("What is 2 + 2?");
        double easyChat = score("What colour is the sky?");
        double hardMath = score("A train leaves Chicago at 3:15 pm travelling at 62 miles per hour. A second train "
                + "leaves the same station 45 minutes later at 80 miles per hour on a parallel track. Each train stops "
                + "for 10 minutes every 100 miles. At what time, to the nearest minute, does the second train overtake "
                + "the first, and how far from Chicago are they then?");
        double easyChoice = score("What colour is the sky on a clear day?\nA. blue\nB. green\nC. red\nD. black"
                + "\nAnswer:");
        double hardLaw = score("A landowner leased a warehouse to a tenant for ten years. The lease said nothing about "
                + "assignment. After two years the tenant assigned the remaining term to a company, which stopped "
                + "paying rent after the tenant's bankruptcy. The landowner sued the company, the tenant, and the "
                + "tenant's guarantor, who had not consented to the assignment. Which of the following is NOT a "
                + "correct statement of the parties' liability?\nA. The company is liable on privity of estate.\n"
                + "B. The tenant remains liable on privity of contract.\nC. The guarantor is discharged because "
                + "the assignment was made without consent.\nD. None of the parties is liable after the bankruptcy."
                + "\nAnswer:");
        assertTrue(hardMath > easy, hardMath + " vs " + easy);
        assertTrue(hardMath > easyChat, hardMath + " vs " + easyChat);
        assertTrue(hardLaw > easyChoice, hardLaw + " vs " + easyChoice);
    }

    @Test
    void signalsExplainTheScore() {
        String text = "Which of the following is not a prime number?\nA. 2\nB. 3\nC. 9\nD. 11\nAnswer:";
        Difficulty d = SCORER.score(text, TASKS.classify(text));
        Map<String, Double> s = d.signals();
        assertTrue(s.containsKey("bias") && s.containsKey("other_signals"), s::toString);
        assertTrue(s.size() >= 3 && s.size() <= DifficultyScorer.EXPLAINED + 2, s::toString);
        double sum = s.values().stream().mapToDouble(Double::doubleValue).sum();
        // entries are rounded to 0.001 each
        assertEquals(d.score(), 1 / (1 + Math.exp(-sum)), 0.005);
    }

    @Test
    void sharedFeaturesGiveTheSameScore() {
        String text = "Explain why the sky is blue, step by step.";
        TaskPrediction task = TASKS.classify(text);
        assertEquals(SCORER.score(text, task), SCORER.score(text, TextFeatures.of(text), task));
    }

    @Test
    void withoutTheTextTheFeaturesOnlyEnsembleStillScores() {
        String text = "Janet has 3 boxes with 12 apples each. She sells half of them for $2 each and gives 5 away. "
                + "How many dollars does she earn?";
        Difficulty d = SCORER.score(TextFeatures.of(text), TASKS.classify(text));
        assertTrue(d.score() > 0 && d.score() < 1, d::toString);
        for (String name : d.signals().keySet()) {
            assertTrue(!DifficultyScorer.isShapeInput(name), () -> "features-only model used " + name);
        }
    }

    @Test
    void wordProblemShapeIsMeasured() {
        float[] p = PromptShape.of("A shop sells 3 pens for $4.50 each and 2 books at 20% off. If Tom pays with a "
                + "$50 bill, how much change does he get?");
        assertEquals(0f, p[PromptShape.index("opt_count")]);
        assertTrue(p[PromptShape.index("decimals")] > 0);
        assertTrue(p[PromptShape.index("percent")] > 0);
        assertTrue(p[PromptShape.index("money")] > 0);
        assertTrue(p[PromptShape.index("distinct_numbers")] > p[PromptShape.index("decimals")] / 10);
        float[] q = PromptShape.of("Which of the following is NOT a mammal?\nA. whale\nB. bat\nC. shark\n"
                + "D. none of the above\nAnswer:");
        assertEquals(0.8f, q[PromptShape.index("opt_count")], 1e-6);
        assertEquals(1f, q[PromptShape.index("opt_meta")]);
        assertEquals(1f, q[PromptShape.index("which_following")]);
        assertEquals(1f, q[PromptShape.index("caps_negation")]);
    }

    @Test
    void modelRoundTripsThroughItsFileFormat() throws Exception {
        DifficultyModel m = DifficultyScorer.shippedModel();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        m.write(out);
        DifficultyModel back = DifficultyModel.read(new java.io.ByteArrayInputStream(out.toByteArray()));
        assertEquals(m.ensemble(DifficultyModel.FULL), back.ensemble(DifficultyModel.FULL));
        assertEquals(m.ensemble(DifficultyModel.FEATURES_ONLY), back.ensemble(DifficultyModel.FEATURES_ONLY));
        String text = "Which of the following is not a prime number?\nA. 2\nB. 3\nC. 9\nD. 11\nAnswer:";
        assertEquals(SCORER.score(text, TASKS.classify(text)),
                new DifficultyScorer(back).score(text, TASKS.classify(text)));
    }

    @Test
    void hostileInputsStayInRangeAndFinishFast() {
        List<String> inputs = List.of("", " ", "a".repeat(100_000), "{".repeat(100_000), "中".repeat(100_000),
                "9".repeat(100_000), "A. x\n".repeat(20_000), "\uD83D\uDE00".repeat(50_000), "\uDC00".repeat(500));
        long start = System.nanoTime();
        for (String s : inputs) {
            score(s);
        }
        Difficulty noTask = SCORER.score("Why?", null);
        assertTrue(noTask.score() >= 0 && noTask.score() <= 1);
        Difficulty nullText = SCORER.score((String) null, null);
        assertTrue(nullText.score() >= 0 && nullText.score() <= 1);
        assertTrue(System.nanoTime() - start < 500_000_000L, "hostile inputs too slow");
    }
}
