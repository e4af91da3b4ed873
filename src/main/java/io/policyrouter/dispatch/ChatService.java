package io.policyrouter.dispatch;

import io.policyrouter.policy.Decision;
import io.policyrouter.annotate.Annotator;
import io.policyrouter.policy.PolicyService;
import jakarta.enterprise.context.ApplicationScoped;

/** Chat completions end to end: annotate, decide (a refusal is thrown as 422), then walk the decision's chain. */
@ApplicationScoped
public class ChatService {

    private final Annotator annotator;
    private final PolicyService policy;
    private final ChainRunner runner;

    public ChatService(Annotator annotator, PolicyService policy, ChainRunner runner) {
        this.annotator = annotator;
        this.policy = policy;
        this.runner = runner;
    }

    public DispatchResult complete(ChatRequest request) {
        Decision decision = policy.decide(request.route(), annotator.annotate(request.route()));
        return runner.run(request, decision);
    }
}
