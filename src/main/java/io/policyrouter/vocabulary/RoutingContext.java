package io.policyrouter.vocabulary;

import java.util.Set;

/**
 * What the caller tells us about the request, as opposed to what the annotator reads from it. Conversation
 * stickiness travels here (previous model), never in server memory: any replica decides the same.
 */
public record RoutingContext(
        String tenant,
        String userTier,
        String channel,
        Integer latencyBudgetMs,
        RequiredConfidence requiredConfidence,
        String dataRegion,
        String conversationId,
        String previousModel,
        String pin,
        Set<String> tags,
        Integer maxOutputTokens) {

    /** The same context speaking for the given tenant and user tier (a client key fixes them). */
    public RoutingContext withCaller(String tenant, String userTier) {
        return new RoutingContext(tenant, userTier, channel, latencyBudgetMs, requiredConfidence, dataRegion,
                conversationId, previousModel, pin, tags, maxOutputTokens);
    }

    public static RoutingContext empty() {
        return new RoutingContext(null, null, null, null, RequiredConfidence.STANDARD, null, null, null, null,
                Set.of(), null);
    }
}
