package io.shallot.mvc.config.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.mvc.config.ConfigException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a section of the merged tree to a record with Jackson, strictly: unknown keys, wrong
 * types and nulls for primitives fail, and the failure is rewritten into a message that names the
 * source of the bad value, its key path and what is allowed there.
 */
public final class Binder {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(Durations.module())
            .build();

    private Binder() {
    }

    /**
     * @param node    the section's subtree (a copy the binder may change), or null when absent
     * @param section the section's dotted path, for messages and origins
     */
    public static <T> T bind(JsonNode node, String section, Class<T> type, Origins origins) {
        JsonNode input = node == null || node.isMissingNode() ? MAPPER.createObjectNode() : node;
        if (input instanceof ObjectNode map) {
            alignEnvironmentKeys(map, type, section, origins);
        }
        try {
            return MAPPER.treeToValue(input, type);
        } catch (UnrecognizedPropertyException e) {
            String path = pathOf(section, e);
            throw fail(origins, path, path + " is not a known key (allowed: "
                    + allowedKeys(e.getReferringClass(), e.getKnownPropertyIds()) + ")", e);
        } catch (ValueInstantiationException e) {
            String path = pathOf(section, e);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw fail(origins, path, (path.isEmpty() ? "" : path + ": ") + cause.getMessage(), e);
        } catch (MismatchedInputException e) {
            String path = pathOf(section, e);
            JsonNode value = at(input, e.getPath());
            if (value == null || value.isNull()) {
                throw missing(input, section, path, e, origins);
            }
            throw fail(origins, path, path + " must be " + expected(e.getTargetType()) + ", got "
                    + Values.describe(value), e);
        } catch (JsonMappingException e) {
            String path = pathOf(section, e);
            throw fail(origins, path, path + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw fail(origins, section, section + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A null for a primitive. Jackson reports it before unknown keys of the same record, but a
     * typo ({@code wieght} for {@code weight}) is the likelier cause, so an unknown sibling wins.
     */
    private static ConfigException missing(JsonNode root, String section, String path, MismatchedInputException e,
                                           Origins origins) {
        List<JsonMappingException.Reference> refs = e.getPath();
        if (!refs.isEmpty()) {
            Object from = refs.get(refs.size() - 1).getFrom();
            Class<?> owner = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
            JsonNode parent = at(root, refs.subList(0, refs.size() - 1));
            if (owner != null && owner.isRecord() && parent instanceof ObjectNode siblings) {
                List<String> known = Arrays.stream(owner.getRecordComponents()).map(RecordComponent::getName).toList();
                for (String key : Values.keys(siblings)) {
                    if (!known.contains(key)) {
                        String keyPath = Origins.child(pathOf(section, refs.subList(0, refs.size() - 1)), key);
                        return fail(origins, keyPath, keyPath + " is not a known key (allowed: "
                                + componentNames(owner) + ")", e);
                    }
                }
            }
        }
        return fail(origins, path, path + " is missing or null; it must be " + expected(e.getTargetType()), e);
    }

    private static ConfigException fail(Origins origins, String path, String message, Throwable cause) {
        String source = origins.of(path);
        String shown = source == null ? "config (defaults)" : source;
        return new ConfigException(source, path, shown + ": " + message, cause);
    }

    private static String pathOf(String section, JsonMappingException e) {
        return pathOf(section, e.getPath());
    }

    private static String pathOf(String section, List<JsonMappingException.Reference> refs) {
        StringBuilder path = new StringBuilder(section);
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static JsonNode at(JsonNode root, List<JsonMappingException.Reference> refs) {
        JsonNode node = root;
        for (JsonMappingException.Reference ref : refs) {
            if (node == null) {
                return null;
            }
            node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        return node;
    }

    private static String allowedKeys(Class<?> type, Collection<Object> known) {
        if (type != null && type.isRecord()) {
            return componentNames(type);
        }
        return known == null ? "" : known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", "));
    }

    static String expected(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (t == int.class || t == long.class || t == short.class || t == byte.class || t == Integer.class
                || t == Long.class || t == Short.class || t == Byte.class || t == java.math.BigInteger.class) {
            return "an integer";
        }
        if (t == double.class || t == float.class || t == Double.class || t == Float.class
                || t == java.math.BigDecimal.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == String.class || t == CharSequence.class) {
            return "a text value";
        }
        if (t == Duration.class) {
            return Durations.ALLOWED;
        }
        if (t.isEnum()) {
            return "one of: " + Arrays.stream(t.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (t.isRecord()) {
            return "a section with keys: " + componentNames(t);
        }
        if (Map.class.isAssignableFrom(t)) {
            return "a section";
        }
        if (Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "a list";
        }
        return "a " + t.getSimpleName();
    }

    /**
     * Environment variables are upper case, so SHALLOT_MONGODB_DATADIR arrives as {@code datadir};
     * a key set by the environment that matches a record component ignoring case takes its name.
     */
    private static void alignEnvironmentKeys(ObjectNode node, Class<?> type, String path, Origins origins) {
        if (!type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = component.getName();
            for (String key : Values.keys(node)) {
                String keyPath = Origins.child(path, key);
                if (!key.equals(name) && key.equalsIgnoreCase(name) && !node.has(name) && origins.fromEnvironment(keyPath)) {
                    node.set(name, node.remove(key));
                    origins.record(Origins.child(path, name), origins.of(keyPath));
                }
            }
            JsonNode child = node.get(name);
            if (child instanceof ObjectNode section) {
                alignNested(section, component.getGenericType(), Origins.child(path, name), origins);
            }
        }
    }

    private static void alignNested(ObjectNode node, Type type, String path, Origins origins) {
        if (type instanceof Class<?> c && c.isRecord()) {
            alignEnvironmentKeys(node, c, path, origins);
        } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Map.class.isAssignableFrom(raw) && p.getActualTypeArguments().length == 2) {
            Type valueType = p.getActualTypeArguments()[1];
            for (String key : Values.keys(node)) {
                if (node.get(key) instanceof ObjectNode value) {
                    alignNested(value, valueType, Origins.child(path, key), origins);
                }
            }
        }
    }
}
