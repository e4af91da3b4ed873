package io.policyrouter.policy;


import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.DataClass;
import io.policyrouter.vocabulary.RequiredConfidence;
import io.policyrouter.vocabulary.RoutingContext;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Flattens annotations and caller context into the facts the tables read, in the tables' vocabulary. */
public final class FactsMapper {

    private FactsMapper() {
    }

    public static RequestFacts toFacts(Annotations a, RoutingContext ctx, int defaultOutputTokens) {
        Set<String> classes = new TreeSet<>();
        for (DataClass c : a.dataClasses().keySet()) {
            classes.add(c.name());
        }
        return RequestFacts.builder()
                .taskType(a.task().type().wire())
                .taskConfidence(round(a.task().confidence()))
                .complexity(a.complexity().band().wire())
                .difficulty(round(a.difficulty().score()))
                .dataClasses(classes)
                .tokens(a.tokens())
                .expectedOutputTokens(ctx.maxOutputTokens() != null ? ctx.maxOutputTokens() : defaultOutputTokens)
                .followUp(a.followUp())
                .tenant(ctx.tenant())
                .userTier(lower(ctx.userTier()))
                .channel(lower(ctx.channel()))
                .latencyBudgetMs(ctx.latencyBudgetMs())
                .requiredConfidence(ctx.requiredConfidence() == null ? RequiredConfidence.STANDARD.wire()
                        : ctx.requiredConfidence().wire())
                .dataRegion(ctx.dataRegion()) // normalised once, at the edge (Regions.normalize)
                .previousModel(ctx.previousModel())
                .pin(ctx.pin())
                .tags(ctx.tags())
                .build();
    }

    private static String lower(String v) {
        return v == null ? null : v.trim().toLowerCase(Locale.ROOT);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
