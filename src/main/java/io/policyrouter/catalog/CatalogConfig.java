package io.policyrouter.catalog;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

@ConfigMapping(prefix = "router.catalog")
public interface CatalogConfig {

    /** An operator's catalog file; when absent the shipped default (classpath catalog/models.yaml) is used. */
    Optional<String> file();
}
