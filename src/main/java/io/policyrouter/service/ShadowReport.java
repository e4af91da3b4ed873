package io.policyrouter.service;

import io.policyrouter.learn.Wilson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrouter.policy.ActivePolicy;
import io.policyrouter.store.StoreBackend;
import io.policyrouter.store.StoreRecord;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GET /v1/policy/shadow: how the candidate policy would have decided the sampled live traffic, from the store — so
 * from every replica's samples: the divergence rate with its 95 % interval, the predicted cost delta per 1,000
 * requests, the table rows and rules responsible for the divergence (with example decision ids to look up), and the
 * divergence by task type and by latency tier.
 */
@ApplicationScoped
public class ShadowReport {

    static final int MAX_ROWS = 200_000;
    static final int EXAMPLES = 3;

    /** Divergence of one slice of traffic. */
    public record Split(long evaluated, long diverged, double rate, double low, double high) {
    }

    /** A rule or table row that fired in one policy but not the other, on diverging requests. */
    public record Responsible(String rule, String file, String sheet, Integer row, String firedIn, String why,
                              long requests, List<String> examples) {

        /** The candidate changed this rule or row itself: a cause, not an effect of one. */
        boolean changed() {
            return "changed in the candidate".equals(why);
        }
    }

    public record Report(String activeVersion, String candidateVersion, Duration window, long evaluated,
                         long diverged, double divergenceRate, double low, double high, double costDeltaPer1000Usd,
                         long primaryDiffers, long chainDiffers, long strategyDiffers, long refusalDiffers,
                         List<Responsible> responsible, Map<String, Split> byTaskType, Map<String, Split> byTier,
                         boolean truncated) {
    }

    private final ActivePolicy policies;
    private final StoreBackend backend;
    private final ShadowConfig config;
    private final ObjectMapper json;

    public ShadowReport(ActivePolicy policies, StoreBackend backend, ShadowConfig config, ObjectMapper json) {
        this.policies = policies;
        this.backend = backend;
        this.config = config;
        this.json = json;
    }

    /** Whether this build has a candidate policy to report on. */
    public boolean available() {
        return policies.candidate().isPresent();
    }

    public Report report(Duration window) {
        ActivePolicy.Snapshot candidate = policies.candidate()
                .orElseThrow(() -> new PolicyChangeException("this build has no candidate policy (put changed tables "
                        + "in decision-tables/candidate/ and rebuild)"));
        Duration w = window == null ? config.reportWindow() : window;
        List<StoreRecord.Shadow> rows = StoreAccess.query(backend, "the shadow report", s -> s.shadowResults(
                candidate.version(), System.currentTimeMillis() - w.toMillis(), MAX_ROWS));
        long diverged = 0;
        long primary = 0;
        long chain = 0;
        long strategy = 0;
        long refusal = 0;
        double delta = 0;
        Map<String, long[]> byTask = new TreeMap<>();
        Map<String, long[]> byTier = new TreeMap<>();
        Map<String, Responsible> responsible = new LinkedHashMap<>();
        for (StoreRecord.Shadow s : rows) {
            delta += s.costDeltaUsd();
            boolean d = s.differs();
            count(byTask, s.taskType(), d);
            count(byTier, s.tier() == null ? "none" : s.tier(), d);
            if (!d) {
                continue;
            }
            diverged++;
            primary += s.primaryDiffers() ? 1 : 0;
            chain += s.chainDiffers() ? 1 : 0;
            strategy += s.strategyDiffers() ? 1 : 0;
            refusal += s.refusalDiffers() ? 1 : 0;
            for (JsonNode r : parse(s.responsibleJson())) {
                String key = r.path("fired_in").asText() + "|" + r.path("rule").asText();
                Responsible old = responsible.get(key);
                List<String> examples = new ArrayList<>(old == null ? List.of() : old.examples());
                if (examples.size() < EXAMPLES) {
                    examples.add(s.decisionId());
                }
                responsible.put(key, new Responsible(r.path("rule").asText(), text(r, "file"), text(r, "sheet"),
                        r.path("row").isNumber() ? r.path("row").asInt() : null, r.path("fired_in").asText(),
                        text(r, "why"), (old == null ? 0 : old.requests()) + 1, List.copyOf(examples)));
            }
        }
        long n = rows.size();
        double[] ci = Wilson.interval(diverged, n, Wilson.Z95);
        // Rows and rules the candidate changed come first (causes), then those that fired differently (effects).
        List<Responsible> top = responsible.values().stream()
                .sorted(Comparator.comparing((Responsible r) -> !r.changed())
                        .thenComparing(Comparator.comparingLong(Responsible::requests).reversed())
                        .thenComparing(Responsible::rule))
                .limit(20).toList();
        return new Report(policies.current().version(), candidate.version(), w, n, diverged,
                n == 0 ? 0 : (double) diverged / n, ci[0], ci[1], n == 0 ? 0 : delta / n * 1000, primary, chain,
                strategy, refusal, top, splits(byTask), splits(byTier), n >= MAX_ROWS);
    }

    private static void count(Map<String, long[]> map, String key, boolean diverged) {
        long[] c = map.computeIfAbsent(key, k -> new long[2]);
        c[0]++;
        c[1] += diverged ? 1 : 0;
    }

    private static Map<String, Split> splits(Map<String, long[]> counts) {
        Map<String, Split> out = new LinkedHashMap<>();
        counts.forEach((k, c) -> {
            double[] ci = Wilson.interval(c[1], c[0], Wilson.Z95);
            out.put(k, new Split(c[0], c[1], c[0] == 0 ? 0 : (double) c[1] / c[0], ci[0], ci[1]));
        });
        return out;
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return json.createArrayNode();
        }
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.path(field).asText() : null;
    }
}
