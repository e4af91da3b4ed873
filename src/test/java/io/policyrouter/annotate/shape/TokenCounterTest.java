package io.policyrouter.annotate.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fast counter must give jtokkit's cl100k_base count exactly: on every text of the dev data (when the shared data
 * folder is there), on hand-made edge cases, on hostile inputs and on random text over every kind of character.
 */
class TokenCounterTest {

    private static final TokenCounter COUNTER = new TokenCounter();

    private static void same(String text) {
        assertEquals(COUNTER.reference(text), COUNTER.count(text), () -> "count differs on: "
                + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
    }

    @Test
    void edgeCases() {
        for (String s : List.of("", "a", " ", "  ", "\n", "\r\n", " \n ", "a  b", "a   b", "hello world", "it's",
                "IT'S", "we'll've", "'", "''", "'s", "x'LL", "123456789", "1 2 3", " 12", "$12.50", "a.b", ".hello",
                "(hello)", "  (x)", "\t\tfoo", "\tx", "foo\n\n\nbar", "foo \n bar", "end   ", "  \n\n  x",
                "naïve café", "中文字符和English混合", "日本語のテキスト", "😀😀 emoji 👍🏽", "\u00a0nbsp\u2003em",
                "<|endoftext|>", "fn main() { println!(\"hi\"); }", "x==y&&z!=w", "a\u0301e\u0301", "١٢٣٤ ٥",
                "ⅠⅡⅢ", "²³", "\u000b\u000c", "\u0085next", "word\u2028line", "‘quoted’ “text”", "— dash –",
                "https://example.com/a?b=c&d=e", "SELECT * FROM t WHERE id = 42;", "\ud83d\ude00x\ud83d")) {
            same(s);
        }
    }

    @Test
    void hostileInputs() {
        for (String s : List.of("a".repeat(100_000), "ab".repeat(30_000), " ".repeat(10_000) + "x",
                "\n".repeat(5000), "1".repeat(10_000), "!?".repeat(20_000), "中".repeat(20_000),
                "\ud800".repeat(1000), "e\u0301".repeat(5000), "😀".repeat(5000), "word ".repeat(20_000))) {
            same(s);
        }
    }

    @Test
    void randomText() {
        Random random = new Random(7);
        String alphabet = "abcXYZ019 \n\t\r.,;'\"!?()[]{}<>-_=+*/\\|@#$%^&~`éüßçñ中文日本語한국어😀👍ⅣⅫ²\u00a0\u2003\u0301";
        int[] cps = alphabet.codePoints().toArray();
        for (int n = 0; n < 3000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(60);
            for (int i = 0; i < len; i++) {
                sb.appendCodePoint(random.nextInt(10) == 0 ? random.nextInt(0x3000) + 1 : cps[random.nextInt(cps.length)]);
            }
            same(sb.toString());
        }
    }

    @Test
    void everyDevText() throws IOException {
        List<String> texts = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String f : List.of("task_types_dev.jsonl", "pii_dev.jsonl", "routing_outcomes_dev.jsonl")) {
            Path p = Path.of("../shared/data", f);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode n = json.readTree(line);
                    texts.add(n.has("prompt") ? n.get("prompt").asText() : n.path("text").asText());
                }
            }
        }
        long fast = 0;
        long reference = 0;
        for (String t : texts) {
            fast += COUNTER.count(t);
            reference += COUNTER.reference(t);
            same(t);
        }
        assertEquals(reference, fast);
    }
}
