package io.policyrouter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrouter.store.DecisionStore;
import io.policyrouter.store.StoreRecord;
import jakarta.enterprise.context.ApplicationScoped;

/** A kept decision (store records) to its wire form. */
@ApplicationScoped
public class DecisionMapper {

    private final ObjectMapper json;

    public DecisionMapper(ObjectMapper json) {
        this.json = json;
    }

    public DecisionView toView(DecisionStore.Lookup l) {
        StoreRecord.Decision d = l.decision();
        StoreRecord.Dispatch x = l.dispatch();
        StoreRecord.Shadow s = l.shadow();
        return new DecisionView(d.decisionId(), d.atMs(), d.replica(), d.policyVersion(), parse(d.factsJson()),
                parse(d.explanationJson()),
                x == null ? null : new DecisionView.Dispatch(x.status(), x.result(), x.model(), x.provider(),
                        x.stream(), x.costUsd(), x.promptTokens(), x.completionTokens(), x.durationMs(),
                        parse(x.attemptsJson())),
                s == null ? null : new DecisionView.Shadow(s.candidateVersion(), s.candidateModel(),
                        s.primaryDiffers(), s.chainDiffers(), s.strategyDiffers(), s.refusalDiffers(),
                        s.costDeltaUsd(), parse(s.responsibleJson())),
                l.feedback().stream().map(f -> new DecisionView.Feedback(f.source(), f.atMs(), f.outcome(), f.score(),
                        f.detail())).toList());
    }

    private JsonNode parse(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
