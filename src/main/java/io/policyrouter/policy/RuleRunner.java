package io.policyrouter.policy;

import io.policyrouter.catalog.ModelProfile;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule-engine run: insert the facts and one candidate per catalog model, fire, read the results back, and
 * always dispose the session. Works on any session, so tools can run the same evaluation against another policy.
 */
public final class RuleRunner {

    /** A policy that fires more often than this is looping; the evaluation fails instead of hanging. */
    static final int MAX_FIRINGS = 5_000;

    private RuleRunner() {
    }

    public static Evaluation run(KieSession session, RequestFacts facts, List<ModelProfile> models,
                                 PolicySettings settings) {
        try {
            Trace trace = new Trace();
            session.setGlobal("trace", trace);
            Map<String, Integer> fired = new LinkedHashMap<>();
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    fired.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
                }
            });
            session.insert(settings);
            session.insert(facts);
            List<Candidate> candidates = new ArrayList<>();
            for (ModelProfile m : models) {
                Candidate c = new Candidate(m);
                candidates.add(c);
                session.insert(c);
            }
            int firings = session.fireAllRules(MAX_FIRINGS);
            if (firings >= MAX_FIRINGS) {
                throw new IllegalStateException("policy did not settle after " + MAX_FIRINGS + " rule firings");
            }
            List<Constraint> constraints = new ArrayList<>(objects(session, Constraint.class));
            constraints.sort(Comparator.comparingLong(Constraint::getSequence));
            return new Evaluation(facts, fired, trace, candidates, List.copyOf(constraints),
                    single(session, Requirement.class), single(session, LatencyTier.class),
                    single(session, Primary.class), single(session, Fallbacks.class), single(session, Refusal.class));
        } finally {
            session.dispose();
        }
    }

    private static <T> List<T> objects(KieSession session, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : session.getObjects(type::isInstance)) {
            out.add(type.cast(o));
        }
        return out;
    }

    private static <T> T single(KieSession session, Class<T> type) {
        List<T> all = objects(session, type);
        return all.isEmpty() ? null : all.get(0);
    }
}
