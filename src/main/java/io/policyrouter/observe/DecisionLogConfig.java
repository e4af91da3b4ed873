package io.policyrouter.observe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "router.decision-log")
public interface DecisionLogConfig {

    /** Write one JSON line per decision to the "decision-log" logger category. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Characters of the routed prompt to include, with every detected PII value replaced by its class ([EMAIL]).
     * 0 (the default) logs no prompt text at all — only facts.
     */
    @WithDefault("0")
    int promptPreviewChars();
}
