package io.policyrouter.annotate;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring for the plain-Java annotator: one instance of each model (they load their weights once). */
public class AnnotatorBeans {

    @Produces
    @Singleton
    PiiDetector piiDetector() {
        return new PiiDetector();
    }

    @Produces
    @Singleton
    Annotator annotator(PiiDetector pii) {
        return new Annotator(new TaskClassifier(), pii, new DifficultyScorer());
    }
}
