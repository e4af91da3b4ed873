package io.policyrouter.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the simulator injects into one request, parsed from the x-sim-fault header (and the configured always-on
 * faults). Only the simulator reads it: real providers are never affected.
 *
 * <pre>
 * x-sim-fault: gpt-4.1=503; claude-sonnet-4=429,retry-after-ms=200,times=1; provider:google=timeout; *=cut,after=3
 * x-sim-fault: *=slow,ms=800,chunk-ms=50
 * </pre>
 *
 * A rule is {@code target=fault[,param=value...]}; rules are separated by ';'. Target: a catalog model id,
 * {@code provider:<name>} or {@code *}. The first rule matching a call (with uses left) applies. A plan is created
 * per request, so {@code times} counts calls within that request only: the service stays stateless.
 */
public final class FaultPlan {

    /** What the simulator can do instead of answering normally. */
    public enum Kind {
        STATUS, TIMEOUT, DROP, CUT, EMPTY, REFUSE, INVALID_JSON, CONTEXT_LENGTH, SLOW
    }

    /** latency: extra time to the first token ({@code ms}); chunkDelay: pause between chunks ({@code chunk-ms}). */
    public record Fault(Kind kind, int status, Duration retryAfter, int afterChunks,
                        Duration latency, Duration chunkDelay) {
    }

    private record Rule(String target, Fault fault, AtomicInteger usesLeft) {
        boolean matches(String model, String provider) {
            return target.equals("*") || target.equals(model) || target.equals("provider:" + provider);
        }
    }

    static final FaultPlan NONE = new FaultPlan(List.of());

    private static final Map<String, Kind> NAMED = new TreeMap<>(Map.of("timeout", Kind.TIMEOUT, "drop", Kind.DROP,
            "cut", Kind.CUT, "empty", Kind.EMPTY, "refuse", Kind.REFUSE, "invalid-json", Kind.INVALID_JSON,
            "context-length", Kind.CONTEXT_LENGTH, "slow", Kind.SLOW));
    private static final Set<String> PARAMS =
            Set.of("retry-after", "retry-after-ms", "after", "ms", "chunk-ms", "times");
    private static final int MAX_RULES = 32;

    private final List<Rule> rules;

    private FaultPlan(List<Rule> rules) {
        this.rules = rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The fault for this call, consuming one use of its rule; null = answer normally. Thread-safe. */
    public Fault next(String model, String provider) {
        for (Rule r : rules) {
            if (r.matches(model, provider) && (r.usesLeft() == null || r.usesLeft().getAndDecrement() > 0)) {
                return r.fault();
            }
        }
        return null;
    }

    /** Both sources joined; the header's rules come first so a request can override an always-on drill. */
    static FaultPlan of(String header, String configured) {
        List<Rule> rules = new ArrayList<>();
        parseInto(header, rules);
        parseInto(configured, rules);
        return rules.isEmpty() ? NONE : new FaultPlan(List.copyOf(rules));
    }

    private static void parseInto(String spec, List<Rule> out) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (String raw : spec.split(";")) {
            String rule = raw.trim();
            if (rule.isEmpty()) {
                continue;
            }
            if (out.size() >= MAX_RULES) {
                throw new IllegalArgumentException("at most " + MAX_RULES + " fault rules");
            }
            int eq = rule.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + rule + "' is not target=fault");
            }
            String target = rule.substring(0, eq).trim();
            String[] parts = rule.substring(eq + 1).split(",");
            Map<String, String> params = new TreeMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                String key = kv[0].trim().toLowerCase(Locale.ROOT);
                if (kv.length != 2 || !PARAMS.contains(key)) {
                    throw new IllegalArgumentException("'" + parts[i].trim() + "' is not one of " + PARAMS + " =value");
                }
                params.put(key, kv[1].trim());
            }
            Integer times = params.containsKey("times") ? number(params, "times", 1, 1000) : null;
            out.add(new Rule(target, fault(parts[0].trim().toLowerCase(Locale.ROOT), params),
                    times == null ? null : new AtomicInteger(times)));
        }
    }

    private static Fault fault(String name, Map<String, String> p) {
        Duration retryAfter = null;
        if (p.containsKey("retry-after-ms")) {
            retryAfter = Duration.ofMillis(number(p, "retry-after-ms", 0, 3_600_000));
        } else if (p.containsKey("retry-after")) {
            retryAfter = Duration.ofSeconds(number(p, "retry-after", 0, 3600));
        }
        int after = p.containsKey("after") ? number(p, "after", 0, 100_000) : 0;
        Duration latency = Duration.ofMillis(p.containsKey("ms") ? number(p, "ms", 0, 600_000) : 0);
        Duration chunkDelay = p.containsKey("chunk-ms") ? Duration.ofMillis(number(p, "chunk-ms", 0, 60_000)) : null;
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            int status = name.length() == 3 ? Integer.parseInt(name) : 0;
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status " + name + " is not a 4xx or 5xx code");
            }
            return new Fault(Kind.STATUS, status, retryAfter, 0, latency, chunkDelay);
        }
        Kind kind = NAMED.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown fault '" + name + "': a 4xx/5xx status or one of "
                    + NAMED.keySet());
        }
        return new Fault(kind, kind == Kind.CONTEXT_LENGTH ? 400 : 0, retryAfter, after, latency, chunkDelay);
    }

    private static int number(Map<String, String> p, String key, int min, int max) {
        try {
            int v = Integer.parseInt(p.get(key));
            if (v < min || v > max) {
                throw new IllegalArgumentException(key + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number");
        }
    }
}
