package io.policyrouter.annotate.pii;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Inputs built to hurt a scanner: long runs of one character, deep nesting, repeated near-matches, broken unicode.
 * Each must finish and never throw; the time bound only guards against a catastrophe (a backtracking or quadratic
 * scan), it is no speed test.
 */
class PiiDetectorHostileTest {

    private static final PiiDetector DETECTOR = new PiiDetector();
    private static final Duration GUARD = Duration.ofSeconds(10);
    private static final int K100 = 100_000;

    static Map<String, String> inputs() {
        Map<String, String> in = new LinkedHashMap<>();
        for (char c : new char[] {'a', 'A', '1', '@', '.', ' ', '-', ':', '=', '/', '\n', '\'', '#', 'x'}) {
            in.put("100 KB of '" + (c == '\n' ? "\\n" : String.valueOf(c)) + "'", String.valueOf(c).repeat(K100));
        }
        in.put("nested brackets", "(".repeat(K100 / 2) + ")".repeat(K100 / 2));
        in.put("nested mixed brackets", "{[(<".repeat(K100 / 8) + ">)]}".repeat(K100 / 8));
        in.put("50 KB of a@", "a@".repeat(25_000));
        in.put("a@b. repeated", "a@b.".repeat(25_000));
        in.put("x@y.com repeated without spaces", "x@y.com".repeat(14_000));
        in.put("long digit run", "7".repeat(K100));
        in.put("runs of 1-", "1-".repeat(K100 / 2));
        in.put("runs of 1 space", "1 ".repeat(K100 / 2));
        in.put("dotted digits", "1.".repeat(K100 / 2));
        in.put("colon hex", "a:".repeat(K100 / 2));
        in.put("double colons", "::1".repeat(K100 / 3));
        in.put("card-like groups", "4111 ".repeat(K100 / 5));
        in.put("iban-like", "GB82 ".repeat(K100 / 5));
        in.put("ssn-like", "123-45-".repeat(K100 / 7));
        in.put("password assignments", "password=".repeat(K100 / 9));
        in.put("key words", "secret key token ".repeat(K100 / 17));
        in.put("pem headers", "-----BEGIN PRIVATE KEY-----".repeat(K100 / 27));
        in.put("url schemes", "http://a:b".repeat(K100 / 10));
        in.put("titles", "Mr. ".repeat(K100 / 4));
        in.put("capitalised words", "John Smith ".repeat(K100 / 11));
        in.put("place pairs", "Paris, France ".repeat(K100 / 14));
        in.put("public figures and lone surnames", "Isaac Newton met Newton and Dalia Newton. ".repeat(K100 / 42));
        in.put("lower-case names", "olga krylova and petrović ".repeat(K100 / 26));
        in.put("addresses", "12 Main Street Apt. 4\n".repeat(K100 / 22));
        in.put("unit words", "Apt. 1 ".repeat(K100 / 7));
        in.put("born cues", "born 1990-01-01 ".repeat(K100 / 16));
        in.put("medical cues", "my diabetes insulin 10 mg ".repeat(K100 / 26));
        in.put("id cues", "passport number ".repeat(K100 / 16));
        in.put("zip cues", "zip code 12345 ".repeat(K100 / 15));
        in.put("lone high surrogates", "\uD83D".repeat(K100));
        in.put("lone low surrogates", "\uDE00".repeat(K100));
        in.put("emoji", "\uD83D\uDE00".repeat(K100 / 2));
        in.put("combining marks", "e\u0301\u0302\u0303".repeat(K100 / 4));
        in.put("only combining marks", "\u0301".repeat(K100));
        in.put("null bytes", "\u0000".repeat(K100));
        in.put("null bytes between digits", "1\u00002\u00003".repeat(K100 / 5));
        in.put("han text", "北京市朝阳区".repeat(K100 / 6));
        in.put("one long line of prose", "the quick brown fox jumps over the lazy dog ".repeat(K100 / 44));
        return in;
    }

    @TestFactory
    Stream<DynamicTest> finishesAndNeverThrows() {
        return inputs().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertTimeoutPreemptively(GUARD, () -> assertDoesNotThrow(() -> DETECTOR.detect(e.getValue())))));
    }
}
