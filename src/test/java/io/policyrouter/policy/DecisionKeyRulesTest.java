package io.policyrouter.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The decision cache knows which numbers the DRL rules compare and with what ({@link DecisionKey}); the tables' are
 * read from the policy index. This test fails when a rule starts reading another number in its conditions, so the
 * key is taught the new comparison before a cached decision could go stale.
 */
class DecisionKeyRulesTest {

    /** rule name → number it reads in its conditions, as DecisionKey.Scheme accounts for them. */
    static final Set<String> KNOWN = Set.of(
            "Requirement from capability and confidence floor: taskConfidence",   // against uncertain-confidence
            "Uncertain task type errs toward capability: taskConfidence",         // against uncertain-confidence
            "Context window must hold the request and its answer: tokens",        // the context need vs windows
            "Context window must hold the request and its answer: expectedOutputTokens",
            "Hard constraint: cost per request: tokens",                          // each model's cost vs each cap
            "Hard constraint: cost per request: expectedOutputTokens");

    @Test
    void rulesCompareOnlyTheNumbersTheKeyKnows() throws IOException {
        Set<String> found = reading(Pattern.compile("rule\\s+\"([^\"]+)\"(.*?)\\bthen\\b", Pattern.DOTALL),
                DecisionKey.NUMBERS, n -> "\\b" + n + "\\b");
        assertEquals(new TreeSet<>(KNOWN), found, "a rule reads a number the decision cache's key does not account for;"
                + " teach DecisionKey.Scheme the comparison (or key the number exactly) and update this list");
    }

    /**
     * The key folds the tenants, channels and tiers no table names into one, and leaves tags out: no rule may read
     * them, nor quote them (a reason writes a placeholder such as {channel} instead).
     */
    @Test
    void noRuleReadsTheCallerTextTheKeyFolds() throws IOException {
        // from one rule's name to the next rule's (or the file's end): conditions and consequences alike
        Set<String> found = reading(Pattern.compile("rule\\s+\"([^\"]+)\"(.*?)(?=\\brule\\s+\"|\\z)", Pattern.DOTALL),
                DecisionKey.CALLER_TEXT,
                f -> "\\b(" + f + "|get" + Character.toUpperCase(f.charAt(0)) + f.substring(1) + ")\\b");
        assertEquals(Set.of(), found, "a rule reads a fact the decision cache's key folds (DecisionKey.CALLER_TEXT);"
                + " key it exactly in DecisionKey.Scheme before a cached decision could go stale");
    }

    /** The key folds a previous model the catalog lacks: only these rules may read it, and only to find a candidate. */
    @Test
    void onlyTheStickinessRulesReadThePreviousModel() throws IOException {
        Set<String> found = reading(Pattern.compile("rule\\s+\"([^\"]+)\"(.*?)(?=\\brule\\s+\"|\\z)", Pattern.DOTALL),
                Set.of("previousModel"), f -> "\\b(previousModel|getPreviousModel)\\b");
        assertEquals(Set.of("Primary: a follow-up stays on the conversation's model: previousModel",
                "Stickiness broken: the conversation's model no longer qualifies: previousModel"), found,
                "a rule reads the previous model: if it does more than match a candidate's id, key it exactly in"
                        + " DecisionKey.Scheme");
    }

    /** "rule name: fact" for every rule whose part (the pattern's second group) matches a fact's pattern. */
    private static Set<String> reading(Pattern rule, Set<String> facts,
                                       java.util.function.Function<String, String> factPattern) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("rules"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).toList()) {
                Matcher m = rule.matcher(Files.readString(f));
                while (m.find()) {
                    // code only: what string literals and comments say is no read (a placeholder is text)
                    String code = m.group(2).replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                            .replaceAll("//[^\n]*", "");
                    for (String fact : facts) {
                        if (Pattern.compile(factPattern.apply(fact)).matcher(code).find()) {
                            found.add(m.group(1) + ": " + fact);
                        }
                    }
                }
            }
        }
        return found;
    }
}
