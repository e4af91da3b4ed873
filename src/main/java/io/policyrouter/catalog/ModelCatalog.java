package io.policyrouter.catalog;

import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models the policy may choose from. Loaded once at start-up; an invalid file stops the service from starting. */
@Startup
@Singleton
public class ModelCatalog {

    static final String DEFAULT_RESOURCE = "catalog/models.yaml";

    private final List<ModelProfile> models;
    private final Map<String, ModelProfile> byId;
    private final byte[] content;
    private final String source;

    @Inject
    public ModelCatalog(CatalogConfig config) {
        this(config.file().map(ModelCatalog::readFile).orElseGet(ModelCatalog::readDefault),
                config.file().orElse("classpath:" + DEFAULT_RESOURCE));
    }

    /** A catalog from YAML text, for tools and tests that evaluate the policy against another catalog. */
    public static ModelCatalog of(String yaml, String source) {
        return new ModelCatalog(yaml.getBytes(StandardCharsets.UTF_8), source);
    }

    private ModelCatalog(byte[] content, String source) {
        this.source = source;
        this.content = content;
        this.models = CatalogParser.parse(new String(content, StandardCharsets.UTF_8), source);
        Map<String, ModelProfile> index = new LinkedHashMap<>();
        models.forEach(m -> index.put(m.id(), m));
        this.byId = Map.copyOf(index);
    }

    public List<ModelProfile> models() {
        return models;
    }

    public Optional<ModelProfile> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The raw bytes, hashed into the policy version. */
    public byte[] content() {
        return content.clone();
    }

    public String source() {
        return source;
    }

    private static byte[] readFile(String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new CatalogException("catalog file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] readDefault() {
        try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new CatalogException("the default catalog " + DEFAULT_RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new CatalogException("the default catalog cannot be read: " + e.getMessage(), e);
        }
    }
}
