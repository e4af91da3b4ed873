package io.policyrouter.annotate;

import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.DataClass;
import io.policyrouter.vocabulary.Message;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.vocabulary.RoutingContext;
import io.policyrouter.vocabulary.TaskType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole annotator: facts over every message, and hostile inputs that must stay linear and never throw. */
class AnnotatorTest {

    static Annotator annotator;

    @BeforeAll
    static void load() {
        annotator = new Annotator();
    }

    static Stream<String> hostile() {
        return Stream.of("a".repeat(100_000), "(".repeat(50_000) + ")".repeat(50_000), "a@".repeat(50_000),
                "1-".repeat(50_000), "\uD800".repeat(10_000) + "x", "\u0000".repeat(100_000),
                "e\u0301".repeat(30_000), "{\"a\":".repeat(20_000), "```".repeat(30_000), " ".repeat(100_000),
                "Why? ".repeat(20_000), "翻译".repeat(50_000), "word ".repeat(200_000));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileInputsFinishAndNeverThrow(String text) {
        // A catastrophe guard, not a speed test: backtracking or quadratic scans would take minutes.
        Annotations a = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> annotator.annotate(text));
        assertNotNull(a.task().type());
        assertTrue(a.tokens() >= 0);
        assertTrue(a.difficulty().score() >= 0 && a.difficulty().score() <= 1);
    }

    @Test
    void dataClassesCoverEveryMessageButTheTaskComesFromTheLastUserTurn() {
        RouteRequest r = new RouteRequest(List.of(
                new Message("system", "You are a support agent. Escalations go to ops@example.com."),
                new Message("user", "My card 4111 1111 1111 1111 was charged twice."),
                new Message("assistant", "I am sorry to hear that."),
                new Message("user", "Translate your previous answer into German.")), RoutingContext.empty());
        Annotations a = annotator.annotate(r);
        assertEquals(TaskType.TRANSLATION, a.task().type());
        assertEquals(1, a.dataClasses().get(DataClass.EMAIL), "the system prompt is sent too");
        assertEquals(1, a.dataClasses().get(DataClass.CREDIT_CARD), "so is an earlier turn");
        assertTrue(a.followUp());
        assertTrue(a.tokens() > 30);
    }

    /** Hand-found: personal data handed over is not a sum, and an e-mail domain is not Portuguese. */
    @Test
    void contactDetailsAreNotMathAndTheLanguageIsEnglish() {
        Annotations a = annotator.annotate("Contact John Smith at john.smith@acme.com or +1 415 555 0134, card 4111 "
                + "1111 1111 1111, he lives at 12 Main Street, Springfield.");
        assertFalse(io.policyrouter.annotate.task.TaskClassifier.CAPABILITY_GROUP.contains(a.task().type()),
                a.task()::toString);
        assertEquals("en", a.language());
        for (DataClass c : List.of(DataClass.EMAIL, DataClass.PHONE, DataClass.CREDIT_CARD, DataClass.PERSON,
                DataClass.LOCATION)) {
            assertTrue(a.dataClasses().containsKey(c), () -> c + " missing from " + a.dataClasses());
        }
    }

    static Stream<String> dataHandedOver() {
        return Stream.of("Please call Maria Gonzalez on +44 20 7946 0958 or write to maria.g@example.co.uk.",
                "My IBAN is DE89 3704 0044 0532 0130 00 and my phone is 030 1234567.",
                "Ship it to 221B Baker Street, London NW1 6XE, and text 07700 900123 when it leaves.",
                "Reach our support desk at help@example.com or 1-800-555-0199 between 9 and 5.");
    }

    @ParameterizedTest
    @MethodSource("dataHandedOver")
    void numbersOfPersonalDataDoNotMakeATaskMath(String text) {
        Annotations a = annotator.annotate(text);
        assertTrue(a.task().type() != TaskType.MATH && a.task().type() != TaskType.CODE, a.task()::toString);
        assertEquals("en", a.language());
        assertFalse(a.dataClasses().isEmpty());
    }

    @Test
    void languageOfOtherLatinScripts() {
        assertEquals("pt", annotator.annotate("Olá, você pode me ajudar com uma dúvida sobre o meu contrato?").language());
        assertEquals("de", annotator.annotate("Ich habe eine Frage zu meiner Rechnung, die nicht stimmt.").language());
    }

    @Test
    void anEmptyPromptIsOther() {
        Annotations a = annotator.annotate("");
        assertEquals(TaskType.OTHER, a.task().type());
        assertEquals(0, a.questions());
        assertFalse(a.followUp());
    }
}
