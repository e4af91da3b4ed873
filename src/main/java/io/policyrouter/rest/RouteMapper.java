package io.policyrouter.rest;

import io.policyrouter.policy.Decision;
import io.policyrouter.policy.Refusal;
import io.policyrouter.policy.Requirement;
import io.policyrouter.vocabulary.Regions;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.Message;
import io.policyrouter.vocabulary.RequiredConfidence;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.vocabulary.RoutingContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** DTO to domain and back. Every client mistake becomes a BadRequestException naming the field. */
@ApplicationScoped
public class RouteMapper {

    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    static final int MAX_BUDGET_MS = 3_600_000;
    static final int MAX_TAGS = 32;

    private final ModelCatalog catalog;
    private final Set<String> regions;

    public RouteMapper(ModelCatalog catalog) {
        this.catalog = catalog;
        Set<String> known = new TreeSet<>();
        catalog.models().forEach(m -> known.addAll(m.regions()));
        this.regions = Set.copyOf(known);
    }

    public RouteRequest toDomain(RouteRequestBody body) {
        if (body == null) {
            throw new BadRequestException("body", "a JSON body with 'messages' or 'prompt' is required");
        }
        return new RouteRequest(messages(body), context(body));
    }

    List<Message> messages(RouteRequestBody body) {
        boolean hasMessages = body.messages() != null && !body.messages().isEmpty();
        boolean hasPrompt = body.prompt() != null;
        if (hasMessages == hasPrompt) {
            throw new BadRequestException(hasMessages ? "prompt" : "messages",
                    hasMessages ? "give either 'messages' or 'prompt', not both" : "'messages' or 'prompt' is required");
        }
        if (hasPrompt) {
            return List.of(new Message("user", body.prompt()));
        }
        List<Message> out = new ArrayList<>(body.messages().size());
        boolean user = false;
        for (int i = 0; i < body.messages().size(); i++) {
            RouteRequestBody.MessageBody m = body.messages().get(i);
            String at = "messages[" + i + "]";
            if (m == null) {
                throw new BadRequestException(at, "message must be an object");
            }
            if (m.role() == null || !ROLES.contains(m.role())) {
                throw new BadRequestException(at + ".role", "role must be one of " + new TreeSet<>(ROLES));
            }
            user |= m.role().equals("user");
            // Only an assistant turn may come without content (it carried tool calls), as in OpenAI's API.
            if ((m.content() == null || m.content().isNull()) && !m.role().equals("assistant")) {
                throw new BadRequestException(at + ".content", "content is required for role '" + m.role() + "'");
            }
            out.add(new Message(m.role(), content(m.content(), at + ".content")));
        }
        if (!user) {
            throw new BadRequestException("messages", "at least one message must have role 'user'");
        }
        return List.copyOf(out);
    }

    /** A string, or OpenAI content parts: text parts are joined; other parts (images, audio) carry no text. */
    static String content(JsonNode content, String field) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (!part.isObject()) {
                    throw new BadRequestException(field, "content parts must be objects");
                }
                if ("text".equals(part.path("type").asText())) {
                    if (!part.path("text").isTextual()) {
                        throw new BadRequestException(field, "a text content part needs a string 'text'");
                    }
                    sb.append(sb.isEmpty() ? "" : "\n").append(part.path("text").asText());
                }
            }
            return sb.toString();
        }
        throw new BadRequestException(field, "content must be a string or a list of content parts");
    }

    RoutingContext context(RouteRequestBody b) {
        RequiredConfidence confidence = RequiredConfidence.STANDARD;
        if (b.requiredConfidence() != null) {
            confidence = RequiredConfidence.fromWire(b.requiredConfidence());
            if (confidence == null) {
                throw new BadRequestException("required_confidence",
                        "required_confidence must be one of low, standard, high, critical");
            }
        }
        if (b.latencyBudgetMs() != null && (b.latencyBudgetMs() <= 0 || b.latencyBudgetMs() > MAX_BUDGET_MS)) {
            throw new BadRequestException("latency_budget_ms", "latency_budget_ms must be between 1 and " + MAX_BUDGET_MS);
        }
        if (b.maxTokens() != null && b.maxTokens() <= 0) {
            throw new BadRequestException("max_tokens", "max_tokens must be positive");
        }
        String region = Regions.normalize(b.dataRegion());
        if (region != null && !regions.contains(region)) {
            // An unknown region must not silently mean "anywhere".
            throw new BadRequestException("data_region", "data_region must be one of " + regions);
        }
        if (b.tags() != null && b.tags().size() > MAX_TAGS) {
            throw new BadRequestException("tags", "at most " + MAX_TAGS + " tags");
        }
        // Bounded as the decision store's columns are: a longer value would be refused there, not here.
        bounded(b.tenant(), "tenant", 256);
        bounded(b.userTier(), "user_tier", 64);
        bounded(b.channel(), "channel", 64);
        bounded(b.conversationId(), "conversation_id", 256);
        bounded(b.previousModel(), "previous_model", 128);
        if (b.tags() != null) {
            b.tags().forEach(t -> bounded(t, "tags", 128));
        }
        Set<String> tags = b.tags() == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(b.tags().stream()
                .filter(t -> t != null && !t.isBlank()).toList()));
        return new RoutingContext(b.tenant(), b.userTier(), b.channel(), b.latencyBudgetMs(), confidence, region,
                b.conversationId(), b.previousModel(), b.pin(), tags, b.maxTokens());
    }

    private static void bounded(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw new BadRequestException(field, field + " must be at most " + max + " characters");
        }
        // PostgreSQL keeps no NUL in text, and no log or dashboard should print a control character from a header.
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException(field, field + " must not contain control characters");
        }
    }

    public RouteResponse toResponse(Decision d) {
        return new RouteResponse(d.decisionId(), d.policyVersion(), target(d.primary()),
                d.fallbacks().stream().map(RouteMapper::target).toList(), d.strategy(), tier(d.latencyTier()),
                requirement(d.requirement()), d.constraints().stream().map(c -> new RouteResponse.Constraint(
                        c.constraint(), c.source(), c.kind(), c.values(), c.limit())).toList(),
                removed(d), firedRules(d), d.notes(), d.estimatedCostUsd(), d.degraded(), refusal(d.refusal()),
                AnnotationsView.of(d.annotations()));
    }

    static RouteResponse.Target target(Decision.Target t) {
        return t == null ? null : new RouteResponse.Target(t.model(), t.provider(), t.timeoutMs(), t.score(),
                t.estimatedCostUsd(), t.chosenBy());
    }

    private static RouteResponse.Tier tier(Decision.Tier t) {
        return t == null ? null : new RouteResponse.Tier(t.name(), t.maxP95Ms(), t.timeoutMs(), t.defaulted(),
                t.source());
    }

    private static RouteResponse.Requirement requirement(Requirement r) {
        return r == null ? null : new RouteResponse.Requirement(r.getCapability(), r.getPrimaryMin(),
                r.getFallbackMin(), r.isCostLed(), r.isUncertain());
    }

    RouteResponse.Refusal refusal(Refusal r) {
        return r == null ? null : new RouteResponse.Refusal(r.getReason(), r.byConstraint() ? r.getConstraint() : null,
                r.getSource());
    }

    List<RouteResponse.FiredRule> firedRules(Decision d) {
        return d.firedRules().stream().map(r -> new RouteResponse.FiredRule(r.rule(), r.file(), r.sheet(), r.table(),
                r.row(), r.reason(), r.firings())).toList();
    }

    List<RouteResponse.RemovedCandidate> removed(Decision d) {
        return d.removed().stream().map(r -> new RouteResponse.RemovedCandidate(r.model(), r.provider(), r.reasons()))
                .toList();
    }

    public AnnotationsView toView(Annotations a) {
        return AnnotationsView.of(a);
    }

    public ModelView toView(ModelProfile m) {
        return ModelView.of(m);
    }
}
