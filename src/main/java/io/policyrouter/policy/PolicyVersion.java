package io.policyrouter.policy;

import io.policyrouter.catalog.ModelCatalog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content hash of the rules, the tables and the catalog: the same inputs always give the same version, so a
 * decision can be replayed against exactly the policy that made it, on any replica.
 */
@Singleton
public class PolicyVersion {

    private final String value;
    private final PolicyIndex index;

    @Inject
    public PolicyVersion(ModelCatalog catalog) {
        this(PolicyIndex.load(), catalog.content());
    }

    PolicyVersion(PolicyIndex index, byte[] catalog) {
        this.index = index;
        this.value = compute(index.contentHash(), catalog);
    }

    public static String compute(String rulesAndTablesHash, byte[] catalog) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String catalogHash = HexFormat.of().formatHex(sha.digest(catalog));
            byte[] digest = sha.digest((rulesAndTablesHash + "\n" + catalogHash).getBytes(StandardCharsets.UTF_8));
            return "pv-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String value() {
        return value;
    }

    public PolicyIndex index() {
        return index;
    }
}
