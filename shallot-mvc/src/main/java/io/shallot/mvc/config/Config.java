package io.shallot.mvc.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.mvc.config.internal.Binder;
import io.shallot.mvc.config.internal.EnvOverlay;
import io.shallot.mvc.config.internal.Origins;
import io.shallot.mvc.config.internal.Overlay;
import io.shallot.mvc.config.internal.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Egg-style configuration: a base file, an overlay per environment, then environment variables.
 *
 * <h2>Sources, lowest precedence first</h2>
 * <ol>
 *   <li>{@code <configDir>/default.yaml} (or {@code .yml}): required when the directory exists;
 *       a missing directory means "all defaults";</li>
 *   <li>{@code <configDir>/<env>.yaml}: optional; {@code env} comes from {@link #resolveEnv}
 *       ({@code --env}, then {@code SHALLOT_ENV}, then {@value #DEFAULT_ENV});</li>
 *   <li>environment variables {@code SHALLOT_<SECTION>_<KEY>}.</li>
 * </ol>
 * Sections (maps) merge key by key; scalars and lists replace; {@code key: ~} removes a default.
 *
 * <h2>Environment variables</h2>
 * After the {@code SHALLOT_} prefix, a single {@code _} separates keys and a double {@code __}
 * stands for an {@code _} inside a key name; names match existing keys ignoring case, so
 * <pre>
 *   SHALLOT_MONGODB_URI=mongodb://db:27017   → mongodb.uri
 *   SHALLOT_MONGODB_DATADIR=/var/data        → mongodb.dataDir (matched ignoring case)
 *   SHALLOT_CACHE_USERS_TTL=5m               → cache.users.ttl (nested sections)
 *   SHALLOT_GATEWAY_RATE__LIMIT=100          → gateway.rate_limit
 * </pre>
 * Values arrive as text and are converted when bound ("8080" binds to an int, "true" to a
 * boolean); a variable that replaces a list is split on commas. {@code SHALLOT_ENV} selects the
 * environment and is not a key.
 *
 * <h2>Typed views and errors</h2>
 * {@link #view} binds a section to a record, strictly: an unknown key, a value of the wrong type
 * or a null for a primitive throws {@link ConfigException} naming the source, the key path and
 * what is allowed, e.g. {@code config/development.yaml: mongodb.urii is not a known key
 * (allowed: uri, database, embedded, dataDir)}. Durations accept {@code 250ms, 10s, 5m, 1h, 2d}.
 * Records give defaults for absent keys in their compact constructor.
 *
 * <p>Threading: immutable once loaded; safe to share between loops.
 */
public final class Config {
    public static final String DEFAULT_ENV = "development";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String env;
    private final ObjectNode tree;
    private final Origins origins;
    private final Map<String, Object> raw;

    @SuppressWarnings("unchecked")
    private Config(String env, ObjectNode tree, Origins origins) {
        this.env = env;
        this.tree = tree;
        this.origins = origins;
        this.raw = frozen(JSON.convertValue(tree, Map.class));
    }

    /** Loads the configuration of {@code env} from {@code configDir}, overlaid with {@code environment}. */
    public static Config load(Path configDir, String env, Map<String, String> environment) {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(environment, "environment");
        if (env == null || !ENV_NAME.matcher(env).matches()) {
            throw new ConfigException(null, null, "environment name '" + env
                    + "' is invalid: use letters, digits, '-' and '_' (e.g. development, production)");
        }
        ObjectNode tree = JSON.createObjectNode();
        Origins origins = new Origins();
        if (Files.exists(configDir)) {
            if (!Files.isDirectory(configDir)) {
                throw new ConfigException(configDir.toString(), null, configDir + ": is not a directory");
            }
            Path base = find(configDir, "default");
            if (base == null) {
                throw new ConfigException(configDir.resolve("default.yaml").toString(), null,
                        configDir.resolve("default.yaml") + " is missing: every environment overlays it");
            }
            tree = YamlFile.read(base);
            Overlay.recordAll(tree, base.toString(), "", origins);
            Path overlay = env.equals("default") ? null : find(configDir, env);
            if (overlay != null) {
                Overlay.merge(tree, YamlFile.read(overlay), overlay.toString(), "", origins);
            }
        }
        EnvOverlay.apply(tree, environment, origins);
        return new Config(env, tree, origins);
    }

    /** {@link #load(Path, String, Map)} with the process environment. */
    public static Config load(Path configDir, String env) {
        return load(configDir, env, System.getenv());
    }

    /** A configuration from an in-memory tree (tests, embedding); sources are reported as "code". */
    public static Config of(Map<String, ?> tree) {
        ObjectNode node = JSON.valueToTree(Objects.requireNonNull(tree, "tree"));
        Origins origins = new Origins();
        Overlay.recordAll(node, "code", "", origins);
        return new Config(DEFAULT_ENV, node, origins);
    }

    /** The environment name: {@code --env NAME} or {@code --env=NAME} in args, else SHALLOT_ENV, else development. */
    public static String resolveEnv(String[] args, Map<String, String> environment) {
        for (int i = 0; args != null && i < args.length; i++) {
            if (args[i].startsWith("--env=")) {
                return args[i].substring("--env=".length());
            }
            if (args[i].equals("--env") && i + 1 < args.length) {
                return args[i + 1];
            }
        }
        String fromEnvironment = environment == null ? null : environment.get(EnvOverlay.PREFIX + "ENV");
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_ENV : fromEnvironment.trim();
    }

    public String env() {
        return env;
    }

    /** The merged tree as unmodifiable maps, lists and scalars (environment values are strings). */
    public Map<String, Object> raw() {
        return raw;
    }

    /**
     * Binds the section at dotted path {@code section} ({@code "mongodb"}, {@code "cache.users"})
     * to {@code type}; an absent section binds as empty, so the record's defaults apply.
     *
     * @throws ConfigException on an unknown key or a value of the wrong type (see the class doc)
     */
    public <T> T view(String section, Class<T> type) {
        Objects.requireNonNull(type, "type");
        List<String> keys = new ArrayList<>();
        JsonNode node = tree;
        for (String segment : section.split("\\.")) {
            String key = node == null ? segment : keyOf(node, segment);
            keys.add(key);
            node = node == null ? null : node.get(key);
        }
        String path = String.join(".", keys);
        return Binder.bind(node == null ? null : node.deepCopy(), path, type, origins.copy());
    }

    /** Where the value at dotted {@code path} came from (a file or "env NAME"); null if nowhere. */
    public String source(String path) {
        return origins.of(path);
    }

    @Override
    public String toString() {
        return "Config[" + env + "]";
    }

    private static String keyOf(JsonNode node, String segment) {
        if (node.has(segment)) {
            return segment;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            if (key.equalsIgnoreCase(segment)) {
                return key;
            }
        }
        return segment;
    }

    private static Path find(Path dir, String name) {
        Path yaml = dir.resolve(name + ".yaml");
        Path yml = dir.resolve(name + ".yml");
        if (Files.exists(yaml) && Files.exists(yml)) {
            throw new ConfigException(yaml.toString(), null, yaml + " and " + yml + " both exist; keep one");
        }
        return Files.exists(yaml) ? yaml : Files.exists(yml) ? yml : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T frozen(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozen(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(Config::frozen).toList();
        }
        return value;
    }
}
