package io.policyrouter.annotate;

import io.policyrouter.annotate.pii.PiiDetector;
import io.policyrouter.annotate.task.DifficultyScorer;
import io.policyrouter.annotate.task.TaskClassifier;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * CDI wiring for the plain-Java annotator: one instance of each model, created at start-up (gazetteers and weights
 * take about a second to load; no request should pay for that, and readiness waits for it).
 */
public class AnnotatorBeans {

    @Produces
    @Singleton
    @Startup
    PiiDetector piiDetector() {
        return new PiiDetector();
    }

    @Produces
    @Singleton
    @Startup
    Annotator annotator(PiiDetector pii) {
        return new Annotator(new TaskClassifier(), pii, new DifficultyScorer());
    }
}
