package io.policyrouter.annotate;

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

    @Test
    void clearlyHardPromptsScoreAboveClearlyEasyOnes() {
        double easy = score("What is 2 + 2?");
        double easyChat = score("What colour is the sky?");
        double hardMath = score("A train leaves Chicago at 3:15 pm travelling at 62 miles per hour. A second train "
                + "leaves the same station 45 minutes later at 80 miles per hour on a parallel track. Each train stops "
                + "for 10 minutes every 100 miles. At what time, to the nearest minute, does the second train overtake "
                + "the first, and how far from Chicago are they then?");
        double hardLaw = score("A landowner leased a warehouse to a tenant for ten years. The lease said nothing about "
                + "assignment. After two years the tenant assigned the remaining term to a company, which stopped "
                + "paying rent after the tenant's bankruptcy. The landowner sued the company, the tenant, and the "
                + "tenant's guarantor, who had not consented to the assignment. Which of the following is NOT a "
                + "correct statement of the parties' liability?\nA. The company is liable on privity of estate.\n"
                + "B. The tenant remains liable on privity of contract.\nC. The guarantor is discharged because "
                + "the assignment was made without consent.\nD. None of the parties is liable after the bankruptcy."
                + "\nAnswer:");
        assertTrue(hardMath > easy, hardMath + " vs " + easy);
        assertTrue(hardLaw > easy, hardLaw + " vs " + easy);
        assertTrue(hardMath > easyChat, hardMath + " vs " + easyChat);
        assertTrue(hardLaw > easyChat, hardLaw + " vs " + easyChat);
    }

    @Test
    void signalsExplainTheScore() {
        String text = "Which of the following is not a prime number?\nA. 2\nB. 3\nC. 9\nD. 11\nAnswer:";
        Difficulty d = SCORER.score(text, TASKS.classify(text));
        Map<String, Double> s = d.signals();
        assertTrue(s.containsKey("bias") && s.containsKey("ngrams") && s.containsKey("other_signals"), s::toString);
        double sum = s.values().stream().mapToDouble(Double::doubleValue).sum();
        // entries are rounded to 0.001 each
        assertEquals(d.score(), 1 / (1 + Math.exp(-sum)), 0.005);
    }

    @Test
    void sharedFeaturesGiveTheSameScore() {
        String text = "Explain why the sky is blue, step by step.";
        TaskPrediction task = TASKS.classify(text);
        assertEquals(SCORER.score(text, task), SCORER.score(TextFeatures.of(text), task));
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
