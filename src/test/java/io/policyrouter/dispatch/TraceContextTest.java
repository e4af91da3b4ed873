package io.policyrouter.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** W3C trace context as a participant must read it: what is passed on, what is dropped. */
class TraceContextTest {

    static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff is forbidden
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has no more fields
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // later fields need their '-'
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"})
    void aTraceparentThatDoesNotParseIsDropped(String traceparent) {
        assertNull(TraceContext.of(traceparent, "a=b"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        PARENT + "|" + PARENT,
        "  " + PARENT + "  |" + PARENT,
        // a later version may add fields; the version-00 part is what a version-00 participant passes on
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes|"
                + "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
    void aValidTraceparentIsPassedOn(String traceparent, String passed) {
        TraceContext t = TraceContext.of(traceparent, null);
        assertEquals(passed, t.traceparent());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", t.traceId());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE|rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
        "null|null",
        "' '|null"})
    void aTracestateGoesWithItsTraceparent(String tracestate, String passed) {
        assertEquals(passed, TraceContext.of(PARENT, tracestate).tracestate());
    }

    @org.junit.jupiter.api.Test
    void anUnusableTracestateIsDroppedAlone() {
        assertNull(TraceContext.of(PARENT, "a=" + "b".repeat(600)).tracestate());
        assertNull(TraceContext.of(PARENT, "a=b\u0007,c=d").tracestate());
        assertNull(TraceContext.of(PARENT, "a=\u00e9").tracestate());
        assertEquals(PARENT, TraceContext.of(PARENT, "a=\u00e9").traceparent());
    }
}
