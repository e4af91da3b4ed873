package io.policyrouter.vocabulary;

import java.util.List;

/** A request to route: the conversation so far (the last user message is the one being routed) and its context. */
public record RouteRequest(List<Message> messages, RoutingContext context) {

    /** The text the annotator reads: the latest user turn. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if ("user".equals(m.role())) {
                return m.content() == null ? "" : m.content();
            }
        }
        return "";
    }

    /** Earlier turns exist: a short context-dependent last turn is then a follow-up. */
    public boolean hasHistory() {
        for (int i = 0; i < messages.size() - 1; i++) {
            if (!"system".equals(messages.get(i).role())) {
                return true;
            }
        }
        return false;
    }
}
