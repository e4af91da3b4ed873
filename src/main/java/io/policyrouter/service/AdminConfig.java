package io.policyrouter.service;

import io.smallrye.config.ConfigMapping;

import java.util.Map;

/**
 * Who may change the policy at run time: router.admin.keys.&lt;name&gt;=&lt;key&gt; (from a Secret: env
 * ROUTER_ADMIN_KEYS_ALICE=...). The name is what the change history records. No key is configured by default: in
 * production the admin endpoints refuse everything until an operator sets one.
 */
@ConfigMapping(prefix = "router.admin")
public interface AdminConfig {

    Map<String, String> keys();
}
