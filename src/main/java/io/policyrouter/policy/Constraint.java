package io.policyrouter.policy;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hard limit produced by the compliance and latency tables (or a built-in rule such as the context window).
 * Hard constraints remove candidates; they are never traded against cost or quality. The sequence number keeps
 * the order they were produced in, so the explanation can name the one that emptied the candidate set.
 */
public final class Constraint {

    /** What kind of limit; the filter rules in rules/.../filters.drl handle each kind. */
    public enum Kind {
        REQUIRE_FLAGS, ALLOWED_REGIONS, EXCLUDED_PROVIDERS, ALLOWED_PROVIDERS, EXCLUDED_MODELS, MAX_P95_MS, CONTEXT_WINDOW,
        ACTIVE_ONLY,
        /** The latency row's cost cap: limit in micro-USD; value "cheaper" (filters candidates) or "refuse". */
        MAX_COST
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final java.util.regex.Pattern LIST_SEPARATOR = java.util.regex.Pattern.compile("[,;]");

    private final Kind kind;
    private final Set<String> values;
    private final long limit;
    private final String rule;
    private final long sequence = SEQUENCE.incrementAndGet();

    private Constraint(Kind kind, Set<String> values, long limit, String rule) {
        this.kind = kind;
        this.values = values;
        this.limit = limit;
        this.rule = rule;
    }

    public static Constraint requireFlags(String csv, String rule) {
        return new Constraint(Kind.REQUIRE_FLAGS, csv(csv), 0, rule);
    }

    public static Constraint allowedRegions(String csv, String rule) {
        return new Constraint(Kind.ALLOWED_REGIONS, csv(csv), 0, rule);
    }

    public static Constraint excludedProviders(String csv, String rule) {
        return new Constraint(Kind.EXCLUDED_PROVIDERS, csv(csv), 0, rule);
    }

    public static Constraint allowedProviders(String csv, String rule) {
        return new Constraint(Kind.ALLOWED_PROVIDERS, csv(csv), 0, rule);
    }

    public static Constraint excludedModels(String csv, String rule) {
        return new Constraint(Kind.EXCLUDED_MODELS, csv(csv), 0, rule);
    }

    public static Constraint maxP95(long ms, String rule) {
        return new Constraint(Kind.MAX_P95_MS, Set.of(), ms, rule);
    }

    public static Constraint contextWindow(long tokens, String rule) {
        return new Constraint(Kind.CONTEXT_WINDOW, Set.of(), tokens, rule);
    }

    /** A cost cap per request; {@code refuse}: refuse rather than serve a cheaper model than the best one. */
    public static Constraint maxCost(double usd, boolean refuse, String rule) {
        return new Constraint(Kind.MAX_COST, Set.of(refuse ? "refuse" : "cheaper"), microUsd(usd), rule);
    }

    /** The cap as the rules and the decision cache compare it (one conversion, so both agree exactly). */
    public static long microUsd(double usd) {
        return Math.round(usd * 1_000_000);
    }

    public double getLimitUsd() {
        return limit / 1_000_000.0;
    }

    public static Constraint activeOnly(String rule) {
        return new Constraint(Kind.ACTIVE_ONLY, Set.of(), 0, rule);
    }

    /** A constraint rebuilt from its parts (e.g. from a Decision, to re-check a chain step before dispatch). */
    public static Constraint of(Kind kind, Set<String> values, long limit, String rule) {
        return new Constraint(kind, Set.copyOf(values), limit, rule);
    }

    /**
     * Plain-Java check of one model against this constraint, independent of the DRL filter rules: why the model
     * breaks it, or null. Used to double-check chains (static policy check, dispatch).
     */
    public String violation(io.policyrouter.catalog.ModelProfile m) {
        return switch (kind) {
            case REQUIRE_FLAGS -> m.flags().containsAll(values) ? null : "lacks " + values;
            case ALLOWED_REGIONS -> m.servesAnyRegion(values) ? null : "serves none of " + values;
            case ALLOWED_PROVIDERS -> values.contains(m.provider()) ? null : "provider " + m.provider() + " not allowed";
            case EXCLUDED_PROVIDERS -> values.contains(m.provider()) ? "provider " + m.provider() + " excluded" : null;
            case EXCLUDED_MODELS -> values.contains(m.id()) ? "model excluded" : null;
            case MAX_P95_MS -> m.p95Ms() <= limit ? null : "p95 " + m.p95Ms() + " > " + limit;
            case CONTEXT_WINDOW -> m.contextWindow() >= limit ? null : "context window " + m.contextWindow() + " < " + limit;
            case ACTIVE_ONLY -> m.status() == io.policyrouter.catalog.ModelStatus.ACTIVE ? null : "status " + m.status().wire();
            // depends on the request's size, not on the model alone: the rules check it with the request's tokens
            case MAX_COST -> null;
        };
    }

    /** Splits an analyst's cell ("eu, us") into lower-case values. */
    public static Set<String> csv(String cell) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(LIST_SEPARATOR.split(cell)).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .forEach(out::add);
        return Set.copyOf(out);
    }

    public Kind getKind() {
        return kind;
    }

    public Set<String> getValues() {
        return values;
    }

    public long getLimit() {
        return limit;
    }

    public String getRule() {
        return rule;
    }

    public long getSequence() {
        return sequence;
    }

    /** Reads like the analyst wrote it: "require pii_allowed", "regions in [eu]", "p95 <= 1500 ms". */
    public String describe() {
        return switch (kind) {
            case REQUIRE_FLAGS -> "require " + String.join(" + ", values.stream().sorted().toList());
            case ALLOWED_REGIONS -> "region in " + sorted(values);
            case EXCLUDED_PROVIDERS -> "provider not in " + sorted(values);
            case ALLOWED_PROVIDERS -> "provider in " + sorted(values);
            case EXCLUDED_MODELS -> "model not in " + sorted(values);
            case MAX_P95_MS -> "p95 latency <= " + limit + " ms";
            // The request's own size: a placeholder the assembler fills in (see Placeholders).
            case CONTEXT_WINDOW -> "context window >= " + Placeholders.CONTEXT_NEED + " tokens";
            case ACTIVE_ONLY -> "status active";
            case MAX_COST -> "estimated cost <= " + java.math.BigDecimal.valueOf(limit, 6).stripTrailingZeros()
                    .toPlainString() + " USD per request" + (values.contains("refuse") ? " (else refuse)" : "");
        };
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
