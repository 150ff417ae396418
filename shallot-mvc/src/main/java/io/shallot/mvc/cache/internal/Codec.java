package io.shallot.mvc.cache.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.bson.Document;

/**
 * Cache entries as JSON text in Redis: a value as Jackson writes it ("not found" is {@code null}),
 * unknown properties ignored so that entries written by an older version still read. A BSON
 * {@link Document} uses MongoDB's extended JSON instead, so ObjectIds and dates survive.
 */
public final class Codec<V> {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final String MISSING = "null";

    private final JavaType type;
    private final boolean document;

    private Codec(JavaType type) {
        this.type = type;
        this.document = type.getRawClass() == Document.class;
    }

    public static <V> Codec<V> of(Class<V> type) {
        return new Codec<>(MAPPER.constructType(type));
    }

    public static <V> Codec<V> of(TypeReference<V> type) {
        return new Codec<>(MAPPER.getTypeFactory().constructType(type));
    }

    /** @throws IllegalArgumentException when the value cannot be written as JSON */
    public String encode(Entry<V> entry) {
        if (!entry.found()) {
            return MISSING;
        }
        if (document) {
            return ((Document) entry.value()).toJson();
        }
        try {
            return MAPPER.writeValueAsString(entry.value());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a " + type.toCanonical() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is not a {@code V} */
    @SuppressWarnings("unchecked")
    public Entry<V> decode(String json) {
        if (MISSING.equals(json)) {
            return Entry.missing();
        }
        try {
            V value = document ? (V) Document.parse(json) : MAPPER.readValue(json, type);
            return value == null ? Entry.missing() : new Entry<>(value);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("cached JSON is not a " + type.toCanonical() + ": " + e.getMessage(), e);
        }
    }
}
