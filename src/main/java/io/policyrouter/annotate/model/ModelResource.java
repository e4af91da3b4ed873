package io.policyrouter.annotate.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads a model shipped on the classpath with plain resource streams (works unchanged in a native image). */
final class ModelResource {

    interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private ModelResource() {
    }

    static <T> T load(String path, Reader<T> reader) {
        try (InputStream in = ModelResource.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("model resource missing: " + path);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + path, e);
        }
    }
}
