package io.policyrouter.service;

import io.policyrouter.annotate.Annotator;
import io.policyrouter.policy.PolicyService;
import io.policyrouter.vocabulary.Annotations;
import io.policyrouter.vocabulary.Message;
import io.policyrouter.vocabulary.RequiredConfidence;
import io.policyrouter.vocabulary.RouteRequest;
import io.policyrouter.vocabulary.RoutingContext;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the request path's CPU-heavy stages — annotation and an uncached rule evaluation — on built-in sample requests
 * in a background thread at start-up, and keeps readiness DOWN until it is done, so that a new pod (a deploy, a
 * scale-out under load) takes traffic with compiled code. It writes nothing: no decision record, no metric of
 * decisions, no cache entry; a failure only ends it early and is logged.
 */
@Readiness
@ApplicationScoped
public class Warmup implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(Warmup.class);

    private final Annotator annotator;
    private final PolicyService policy;
    private final WarmupConfig config;
    private final AtomicInteger done = new AtomicInteger();
    private volatile boolean finished;

    public Warmup(Annotator annotator, PolicyService policy, WarmupConfig config) {
        this.annotator = annotator;
        this.policy = policy;
        this.config = config;
        // A native binary is compiled ahead of time: nothing to warm.
        this.finished = !config.enabled() || config.requests() <= 0 || ImageMode.current().isNativeImage();
    }

    void onStart(@Observes StartupEvent event) {
        if (finished) {
            return;
        }
        Thread t = new Thread(this::run, "warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Runs the samples round-robin until the configured count or time is reached; returns the decisions made. */
    int run() {
        long start = System.nanoTime();
        long deadline = start + config.maxDuration().toNanos();
        List<RouteRequest> samples = samples();
        try {
            for (int i = 0; i < config.requests() && System.nanoTime() < deadline; i++) {
                RouteRequest r = samples.get(i % samples.size());
                Annotations facts = annotator.annotate(r);
                policy.decideUncached(r.context(), facts);
                done.incrementAndGet();
            }
        } catch (RuntimeException e) {
            LOG.warnf("warm-up ended early after %d decisions: %s", done.get(), e.toString());
        } finally {
            finished = true;
        }
        LOG.infof("warm-up: %d sample decisions in %d ms", done.get(), (System.nanoTime() - start) / 1_000_000);
        return done.get();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(finished).withData("decisions", done.get()).build();
    }

    /**
     * Requests of the shapes the annotator and the rules branch on: chat, code with a stack trace, a contract with
     * personal data under a residency requirement, maths, Chinese, a follow-up, a long document, a tight budget.
     */
    static List<RouteRequest> samples() {
        String contract = "Review this supplier contract clause for liability risks. Contact Maria Keller at "
                + "maria.keller@example.org or +49 30 1234567, IBAN DE89 3704 0044 0532 0130 00. ";
        String document = ("The committee reviewed the quarterly results, the hiring plan and the migration of the "
                + "billing system to the new provider, and asked for a summary of the open risks. ").repeat(14);
        return List.of(
                request("hi there, how are you today?", RoutingContext.empty()),
                request("""
                        Why does this fail?
                        Exception in thread "main" java.lang.NullPointerException
                            at com.acme.Orders.total(Orders.java:42)
                            at com.acme.Main.main(Main.java:7)""",
                        context("acme", "pro", "api", null, RequiredConfidence.HIGH, null, null)),
                request(contract, context("bank", "enterprise", "api", 2000, RequiredConfidence.HIGH, "eu", null)),
                request("A train leaves at 3 pm at 80 km/h and another at 4 pm at 100 km/h. When does the second "
                        + "catch up?", context(null, "free", "chat", 800, RequiredConfidence.STANDARD, null, null)),
                request("请把下面这段话翻译成英语：我们明天上午十点开会。", RoutingContext.empty()),
                request("And what about the second option you mentioned?",
                        context("acme", "pro", "chat", null, RequiredConfidence.STANDARD, null, "gpt-4o-mini")),
                request("Summarize this document:\n" + document,
                        context(null, null, "batch", null, RequiredConfidence.LOW, null, null)),
                request("Write a short poem about the sea at night.",
                        context(null, "free", "chat", 300, RequiredConfidence.STANDARD, "us", null)));
    }

    private static RouteRequest request(String text, RoutingContext context) {
        return new RouteRequest(List.of(new Message("user", text)), context);
    }

    private static RoutingContext context(String tenant, String tier, String channel, Integer budgetMs,
                                          RequiredConfidence confidence, String region, String previousModel) {
        return new RoutingContext(tenant, tier, channel, budgetMs, confidence, region,
                previousModel == null ? null : "warm-up", previousModel, null, Set.of(), null);
    }
}
