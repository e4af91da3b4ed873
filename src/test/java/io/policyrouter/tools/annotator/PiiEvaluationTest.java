package io.policyrouter.tools.annotator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PiiEvaluationTest {

    @Test
    void scoresAFileOfTheSameFormat(@TempDir Path dir) throws IOException {
        Path pii = dir.resolve("pii.jsonl");
        // offsets are code points: the emoji before the address counts as one character
        Files.write(pii, List.of(
                "{\"id\":\"r1\",\"source\":\"t\",\"text\":\"\uD83D\uDE00 mail bob.smith@company.org\","
                        + "\"entities\":[{\"type\":\"EMAIL\",\"start\":7,\"end\":28,\"value\":\"bob.smith@company.org\"}]}",
                "{\"id\":\"r2\",\"source\":\"t\",\"text\":\"My SSN is 078-05-1120 and I work at Acme\","
                        + "\"entities\":[{\"type\":\"SSN\",\"start\":10,\"end\":21},{\"type\":\"OTHER\",\"start\":36,\"end\":40}]}",
                "{\"id\":\"r3\",\"source\":\"t\",\"text\":\"Nothing here.\",\"entities\":[]}"));
        Path prompts = dir.resolve("prompts.jsonl");
        Files.write(prompts, List.of("{\"id\":\"p1\",\"source\":\"t\",\"prompt\":\"What is 2 + 2?\"}",
                "{\"id\":\"p2\",\"source\":\"t\",\"prompt\":\"Reply to ann@firm.com\"}"));

        String md = PiiEvaluation.markdown(pii, prompts);

        assertTrue(md.contains("| EMAIL | 1 | 1 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 0 |"), md);
        assertTrue(md.contains("| NATIONAL_ID | 1 | 1 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 0 |"), md);
        assertTrue(md.contains("| 2 / 2 = 1.000 |"), md);
        assertTrue(md.contains("prompts flagged with any class | 1 / 2 = 0.500 |"), md);
        assertTrue(md.contains("| p2 | t | EMAIL `ann@firm.com` |"), md);
    }
}
