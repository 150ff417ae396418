package io.shallot.web.server.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;

/**
 * JSON response bodies, written by one long-lived generator per thread (in practice per loop) and
 * mapper. {@code mapper.writeValueAsBytes} builds a generator, its I/O context, its write context
 * and an output builder for every value, about 250 bytes and a thread-local buffer lookup per
 * response; here those are made once and the generator writes one root value after another (no
 * separator between them), each taken out of the builder as it is finished.
 *
 * <p>A value whose serialization fails leaves the generator inside that value, so the generator is
 * closed and the next value gets a new one: nothing of the failed value reaches the next.
 */
final class JsonBodies {
    private static final FastThreadLocal<JsonBodies> PER_THREAD = new FastThreadLocal<>();
    private final ObjectMapper mapper;
    private final ByteArrayBuilder out = new ByteArrayBuilder();
    private JsonGenerator generator;

    private JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static byte[] write(ObjectMapper mapper, Object value) throws IOException {
        JsonBodies bodies = PER_THREAD.get();
        if (bodies == null || bodies.mapper != mapper) {
            bodies = new JsonBodies(mapper);
            PER_THREAD.set(bodies);
        }
        return bodies.bytes(value);
    }

    private byte[] bytes(Object value) throws IOException {
        if (generator == null) {
            generator = mapper.createGenerator(out);
            generator.setRootValueSeparator(null);
        }
        try {
            mapper.writeValue(generator, value);
            generator.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            discardGenerator(e);
            throw e;
        } finally {
            out.reset();
        }
    }

    private void discardGenerator(Exception cause) {
        try {
            generator.close();
        } catch (IOException | RuntimeException closing) {
            cause.addSuppressed(closing);
        } finally {
            generator = null;
        }
    }
}
