package io.policyrouter.vocabulary;

import java.util.Set;

/**
 * The compliance flags a catalog model may carry (from its provider contract); compliance rows may require only
 * these, and the safe default model must hold all of them.
 */
public final class ComplianceFlags {

    public static final Set<String> KNOWN =
            Set.of("pii_allowed", "hipaa_eligible", "pci_eligible", "zero_data_retention", "self_hosted");

    private ComplianceFlags() {
    }
}
