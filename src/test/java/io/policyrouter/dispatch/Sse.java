package io.policyrouter.dispatch;

import io.restassured.path.json.JsonPath;

import java.util.ArrayList;
import java.util.List;

/** Reads an SSE body the way OpenAI clients do: one JSON value per "data: " line, "[DONE]" last. */
record Sse(List<JsonPath> events, boolean done) {

    static Sse parse(String body) {
        List<JsonPath> events = new ArrayList<>();
        boolean done = false;
        for (String block : body.split("\n\n")) {
            String line = block.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("data: ")) {
                throw new AssertionError("not an SSE data line: " + line);
            }
            String data = line.substring(6);
            if (done) {
                throw new AssertionError("event after [DONE]: " + data);
            }
            if (data.equals("[DONE]")) {
                done = true;
            } else {
                events.add(JsonPath.from(data));
            }
        }
        return new Sse(List.copyOf(events), done);
    }

    List<String> models() {
        return events.stream().filter(e -> e.get("error") == null).map(e -> e.getString("model")).distinct().toList();
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        for (JsonPath e : events) {
            String piece = e.get("error") == null ? e.getString("choices[0].delta.content") : null;
            sb.append(piece == null ? "" : piece);
        }
        return sb.toString();
    }

    JsonPath last() {
        return events.get(events.size() - 1);
    }
}
