package io.policyrouter.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/**
 * Who may change the policy at run time: router.admin.keys.&lt;name&gt;=&lt;key&gt; (from a Secret: env
 * ROUTER_ADMIN_KEYS_ALICE=...). The name is what the change history records. No key is configured by default: in
 * production the admin endpoints refuse everything until an operator sets one.
 */
@ConfigMapping(prefix = "router.admin")
public interface AdminConfig {

    Map<String, String> keys();

    /**
     * Read-only operator keys (router.admin.viewer-keys.&lt;name&gt;): with {@link #protectReads()}, they open the
     * dashboard, the reports and the policy's contents, never a policy change.
     */
    Map<String, String> viewerKeys();

    /**
     * When true, the operators' read endpoints — the dashboard, /v1/stats/*, /v1/drift, /v1/policy — need an admin
     * or viewer key, as Bearer or as the password of HTTP Basic (which a browser asks for). They show every tenant's
     * spend and recent decisions. Off by default, as the README's first run needs no key.
     */
    @WithDefault("false")
    boolean protectReads();
}
