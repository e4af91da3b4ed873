package io.policyrouter.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The x-sim-fault grammar, and the gate that makes it inert unless fault injection is enabled. */
class FaultPlanTest {

    @Test
    void parsesTargetsFaultsAndParameters() {
        FaultPlan plan = FaultPlan.of("gpt-4.1=503; provider:google=429,retry-after=2;"
                + " claude-sonnet-4=429,retry-after-ms=150,times=1; *=cut,after=3", null);
        assertEquals(503, plan.next("gpt-4.1", "openai").status());
        FaultPlan.Fault google = plan.next("gemini-2.5-pro", "google");
        assertEquals(Duration.ofSeconds(2), google.retryAfter());
        FaultPlan.Fault once = plan.next("claude-sonnet-4", "anthropic");
        assertEquals(Duration.ofMillis(150), once.retryAfter());
        // times=1 used up: the next call falls through to the catch-all
        assertEquals(FaultPlan.Kind.CUT, plan.next("claude-sonnet-4", "anthropic").kind());
        assertEquals(3, plan.next("mistral-small", "mistral").afterChunks());
    }

    @Test
    void headerRulesComeBeforeConfiguredOnes() {
        FaultPlan plan = FaultPlan.of("gpt-4.1=timeout", "*=503");
        assertEquals(FaultPlan.Kind.TIMEOUT, plan.next("gpt-4.1", "openai").kind());
        assertEquals(503, plan.next("o3", "openai").status());
    }

    @Test
    void rejectsWhatItCannotDo() {
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.of("gpt-4.1", null));
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.of("gpt-4.1=302", null));
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.of("gpt-4.1=5030", null));
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.of("gpt-4.1=melt", null));
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.of("gpt-4.1=429,retry-after=soon", null));
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.of("gpt-4.1=429,colour=red", null));
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.of("*=500;".repeat(40), null));
    }

    @Test
    void disabledInjectionIgnoresTheHeaderEntirely() {
        FaultInjection off = new FaultInjection(config(false, "*=503"));
        assertTrue(off.plan("*=500").isEmpty());
        assertTrue(off.plan("this is not even valid").isEmpty(), "not even parsed");
        FaultInjection on = new FaultInjection(config(true, "*=503"));
        assertEquals(500, on.plan("*=500").next("x", "y").status());
    }

    private static SimulatorConfig config(boolean enabled, String faults) {
        return new SimulatorConfig() {
            public java.util.Optional<Boolean> enabled() {
                return java.util.Optional.of(true);
            }

            public double latencyScale() {
                return 0;
            }

            public Duration chunkDelay() {
                return Duration.ZERO;
            }

            public FaultInjection faultInjection() {
                return new FaultInjection() {
                    public boolean enabled() {
                        return enabled;
                    }

                    public java.util.Optional<String> faults() {
                        return java.util.Optional.ofNullable(faults);
                    }
                };
            }
        };
    }
}
