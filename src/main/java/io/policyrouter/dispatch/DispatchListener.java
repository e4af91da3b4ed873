package io.policyrouter.dispatch;

import io.policyrouter.observe.DispatchEvent;

/** Hears how a dispatched request ended, once, as observe's plain event; the service records it. */
@FunctionalInterface
public interface DispatchListener {

    void ended(DispatchEvent event);
}
