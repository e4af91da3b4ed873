package io.policyrouter.tools;

import io.policyrouter.catalog.CatalogConfig;
import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.policy.PolicyConfig;
import io.policyrouter.policy.PolicySettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/**
 * The service's own configuration, read the way the service reads it — application.properties from the classpath,
 * then environment variables and system properties (-Drouter.policy.cost-margin=0.03), in the prod profile unless
 * -Dquarkus.profile says otherwise — so previews, diffs and checks decide with the numbers operators configured,
 * never with a copy of the defaults.
 */
public final class ToolConfig {

    private static SmallRyeConfig config;

    private ToolConfig() {
    }

    public static synchronized SmallRyeConfig config() {
        if (config == null) {
            SmallRyeConfigBuilder b = new SmallRyeConfigBuilder().addDefaultSources().addDiscoveredConverters()
                    .withProfile(System.getProperty("quarkus.profile", "prod"))
                    .withMapping(PolicyConfig.class).withMapping(CatalogConfig.class)
                    .withValidateUnknown(false);
            URL properties = ToolConfig.class.getClassLoader().getResource("application.properties");
            if (properties != null) {
                try {
                    b.withSources(new PropertiesConfigSource(properties, 250)); // Quarkus' ordinal for the file
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            config = b.build();
        }
        return config;
    }

    public static PolicyConfig policy() {
        return config().getConfigMapping(PolicyConfig.class);
    }

    public static PolicySettings settings() {
        return PolicySettings.of(policy());
    }

    /** The catalog the service would load: router.catalog.file (env ROUTER_CATALOG_FILE), else the shipped one. */
    public static ModelCatalog catalog() {
        return new ModelCatalog(config().getConfigMapping(CatalogConfig.class));
    }
}
