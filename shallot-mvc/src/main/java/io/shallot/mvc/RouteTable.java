package io.shallot.mvc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The route table (the document's {@code routerMapping}) read from YAML, keeping each entry's line:
 * <pre>
 * /v1/contents:
 *   controller: content
 *   method: list
 * POST /v1/contents:        # an HTTP method may prefix the path; GET by default
 *   controller: content
 *   method: create
 * </pre>
 * Anything else (an unknown key, a missing controller or method, a bad HTTP method) fails with the
 * file and line.
 */
public final class RouteTable {
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /** One entry; {@code source} is "file:line" for error messages. */
    public record Entry(String httpMethod, String path, String controller, String method, String source) {
    }

    private RouteTable() {
    }

    public static List<Entry> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read route table " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<Entry> parse(InputStream in, String name) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = new YAMLFactory().createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return entries;
            }
            if (first != JsonToken.START_OBJECT) {
                throw error(name, p, "the route table must be a mapping of paths to {controller, method}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                String source = name + ":" + p.currentLocation().getLineNr();
                String[] parts = key.trim().split("\\s+");
                String httpMethod = parts.length == 2 ? parts[0] : "GET";
                String path = parts[parts.length - 1];
                if (parts.length > 2 || !HTTP_METHODS.contains(httpMethod)) {
                    throw error(name, p, "'" + key + "' is not '[METHOD] /path' (methods: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)");
                }
                if (!path.startsWith("/")) {
                    throw error(name, p, "route path '" + path + "' must start with '/'");
                }
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw error(name, p, "route '" + key + "' needs a mapping with 'controller' and 'method'");
                }
                String controller = null;
                String method = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "controller" -> controller = p.getValueAsString();
                        case "method" -> method = p.getValueAsString();
                        default -> throw error(name, p, "unknown key '" + field + "' in route '" + key + "' (allowed: controller, method)");
                    }
                }
                if (controller == null || controller.isBlank() || method == null || method.isBlank()) {
                    throw new IllegalStateException(source + ": route '" + key + "' needs both 'controller' and 'method'");
                }
                entries.add(new Entry(httpMethod, path, controller, method, source));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(name + ":" + e.getLocation().getLineNr() + ": invalid YAML: " + e.getOriginalMessage(), e);
        }
        return entries;
    }

    private static IllegalStateException error(String name, JsonParser p, String message) {
        return new IllegalStateException(name + ":" + p.currentLocation().getLineNr() + ": " + message);
    }
}
