package io.policyrouter.dispatch;

/** Hears how a dispatched request ended, once; the service records it. Dispatch itself records nothing. */
@FunctionalInterface
public interface DispatchListener {

    void ended(DispatchReport report);
}
