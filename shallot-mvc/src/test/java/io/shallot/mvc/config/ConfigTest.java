package io.shallot.mvc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.mvc.cache.CacheSettings;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.mvc.data.MongoSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    record Server(int port, Boolean debug, Duration timeout, List<String> hosts) {
    }

    record Item(String name, int weight) {
    }

    record Shop(Item main, Map<String, Item> extra, List<Item> items) {
    }

    @TempDir
    Path dir;

    private void write(String name, String yaml) throws IOException {
        Files.writeString(dir.resolve(name), yaml);
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void overlaysDefaultThenEnvironmentFileThenVariables() throws IOException {
        write("default.yaml", """
                mongodb:
                  uri: mongodb://default
                  database: base
                  dataDir: /data/base
                """);
        write("development.yaml", """
                mongodb:
                  uri: mongodb://development
                  database: dev
                """);
        write("production.yaml", "mongodb:\n  database: prod\n");

        Config config = Config.load(dir, "development", Map.of("SHALLOT_MONGODB_URI", "mongodb://env"));
        MongoSettings mongo = config.view("mongodb", MongoSettings.class);

        assertThat(mongo.uri()).isEqualTo("mongodb://env");
        assertThat(mongo.database()).isEqualTo("dev");
        assertThat(mongo.dataDir()).isEqualTo("/data/base");
        assertThat(config.source("mongodb.uri")).isEqualTo("env SHALLOT_MONGODB_URI");
        assertThat(config.source("mongodb.database")).isEqualTo(file("development.yaml"));
        assertThat(config.source("mongodb.dataDir")).isEqualTo(file("default.yaml"));
        assertThat(config.env()).isEqualTo("development");
    }

    @Test
    void picksTheFileOfTheRequestedEnvironmentOnly() throws IOException {
        write("default.yaml", "mongodb:\n  database: base\n");
        write("production.yaml", "mongodb:\n  database: prod\n");

        assertThat(Config.load(dir, "production", Map.of()).view("mongodb", MongoSettings.class).database())
                .isEqualTo("prod");
        assertThat(Config.load(dir, "development", Map.of()).view("mongodb", MongoSettings.class).database())
                .isEqualTo("base");
    }

    @Test
    void missingConfigDirectoryMeansAllDefaults() {
        Config config = Config.load(dir.resolve("nope"), "development", Map.of());

        assertThat(config.view("mongodb", MongoSettings.class)).isEqualTo(MongoSettings.defaults());
        assertThat(config.raw()).isEmpty();
    }

    @Test
    void missingDefaultFileInAnExistingDirectoryFails() throws IOException {
        write("development.yaml", "a: 1\n");

        assertThatThrownBy(() -> Config.load(dir, "development", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file("default.yaml") + " is missing: every environment overlays it");
    }

    @Test
    void explicitNullRemovesADefault() throws IOException {
        write("default.yaml", "mongodb:\n  uri: mongodb://somewhere\n");
        write("test.yaml", "mongodb:\n  uri: ~\n");

        assertThat(Config.load(dir, "test", Map.of()).view("mongodb", MongoSettings.class).hasUri()).isFalse();
    }

    @Test
    void mapsVariablesToNestedKeysIgnoringCaseWithDoubleUnderscoreForUnderscore() throws IOException {
        write("default.yaml", """
                mongodb:
                  dataDir: /from/file
                cache:
                  users:
                    ttl: 1m
                """);

        Config config = Config.load(dir, "development", Map.of(
                "SHALLOT_MONGODB_DATADIR", "/from/env",
                "SHALLOT_CACHE_USERS_TTL", "5m",
                "SHALLOT_REDIS_KEY__PREFIX", "app:",
                "SHALLOT_ENV", "ignored-as-a-key",
                "OTHER_VAR", "x"));

        assertThat(config.raw()).isEqualTo(Map.of(
                "mongodb", Map.of("dataDir", "/from/env"),
                "cache", Map.of("users", Map.of("ttl", "5m")),
                "redis", Map.of("key_prefix", "app:")));
    }

    @Test
    void bindsVariableTextToNumbersBooleansDurationsAndCamelCaseKeys() {
        Config config = Config.load(dir.resolve("absent"), "development", Map.of(
                "SHALLOT_SERVER_PORT", "8080",
                "SHALLOT_SERVER_DEBUG", "true",
                "SHALLOT_SERVER_TIMEOUT", "250ms",
                "SHALLOT_MONGODB_DATADIR", "/var/data"));

        assertThat(config.view("server", Server.class)).isEqualTo(new Server(8080, true, Duration.ofMillis(250), null));
        assertThat(config.view("mongodb", MongoSettings.class).dataDir()).isEqualTo("/var/data");
    }

    @Test
    void variableReplacingAListIsSplitOnCommas() throws IOException {
        write("default.yaml", "server:\n  port: 1\n  hosts: [a]\n");

        Config config = Config.load(dir, "development", Map.of("SHALLOT_SERVER_HOSTS", "x, y,z"));

        assertThat(config.view("server", Server.class).hosts()).containsExactly("x", "y", "z");
    }

    @Test
    void unknownKeyNamesTheFileTheKeyAndTheAllowedKeys() throws IOException {
        write("default.yaml", "mongodb:\n  database: base\n");
        write("development.yaml", "mongodb:\n  urii: mongodb://typo\n");
        Config config = Config.load(dir, "development", Map.of());

        assertThatThrownBy(() -> config.view("mongodb", MongoSettings.class))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file("development.yaml")
                        + ": mongodb.urii is not a known key (allowed: uri, database, embedded, dataDir)")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.source()).isEqualTo(file("development.yaml"));
                    assertThat(ce.path()).isEqualTo("mongodb.urii");
                });
    }

    @Test
    void unknownKeyFromAVariableNamesTheVariable() {
        Config config = Config.load(dir.resolve("absent"), "development", Map.of("SHALLOT_MONGODB_URII", "x"));

        assertThatThrownBy(() -> config.view("mongodb", MongoSettings.class))
                .hasMessage("env SHALLOT_MONGODB_URII: mongodb.urii is not a known key"
                        + " (allowed: uri, database, embedded, dataDir)");
    }

    @Test
    void unknownKeyInANestedRecordNamesItsPath() throws IOException {
        write("default.yaml", """
                shop:
                  main: {name: a, weight: 1}
                  extra:
                    gift: {name: b, wieght: 2}
                """);
        Config config = Config.load(dir, "development", Map.of());

        assertThatThrownBy(() -> config.view("shop", Shop.class))
                .hasMessage(file("default.yaml") + ": shop.extra.gift.wieght is not a known key (allowed: name, weight)");
    }

    @Test
    void wrongTypesNameTheExpectedKindAndTheValue() throws IOException {
        write("default.yaml", """
                server:
                  port: abc
                mongodb:
                  embedded: mysql
                """);
        Config config = Config.load(dir, "development", Map.of("SHALLOT_SHOP_ITEMS", "oops"));

        assertThatThrownBy(() -> config.view("server", Server.class))
                .hasMessage(file("default.yaml") + ": server.port must be an integer, got \"abc\"");
        assertThatThrownBy(() -> config.view("mongodb", MongoSettings.class))
                .hasMessage(file("default.yaml") + ": mongodb.embedded must be one of: memory, h2, got \"mysql\"");
        assertThatThrownBy(() -> config.view("shop", Shop.class))
                .hasMessage("env SHALLOT_SHOP_ITEMS: shop.items must be a list, got \"oops\"");
    }

    @Test
    void wrongTypesInsideListsAndDurationsAreReported() throws IOException {
        write("default.yaml", """
                server:
                  port: 1
                  timeout: soon
                shop:
                  items:
                    - {name: a, weight: 1}
                    - {name: b, weight: [2]}
                """);
        Config config = Config.load(dir, "development", Map.of());

        assertThatThrownBy(() -> config.view("server", Server.class))
                .hasMessage(file("default.yaml") + ": server.timeout must be a duration such as 250ms, 10s, 5m, 1h, 2d"
                        + " (or a number of milliseconds), got \"soon\"");
        assertThatThrownBy(() -> config.view("shop", Shop.class))
                .hasMessage(file("default.yaml") + ": shop.items[1].weight must be an integer, got a list");
    }

    @Test
    void aMissingPrimitiveIsReportedAsMissing() throws IOException {
        write("default.yaml", "server:\n  debug: true\n");
        Config config = Config.load(dir, "development", Map.of());

        assertThatThrownBy(() -> config.view("server", Server.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port is missing or null; it must be an integer");
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws IOException {
        write("default.yaml", "ok: 1\n");
        write("development.yaml", """
                mongodb:
                  uri: a
                   database: b
                """);

        assertThatThrownBy(() -> Config.load(dir, "development", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file("development.yaml") + ": YAML syntax error at line 3,");
    }

    @Test
    void duplicateKeysAreAnError() throws IOException {
        write("default.yaml", "mongodb:\n  uri: a\n  uri: b\n");

        assertThatThrownBy(() -> Config.load(dir, "development", Map.of()))
                .hasMessageStartingWith(file("default.yaml") + ": YAML syntax error at line 3")
                .hasMessageContaining("uri");
    }

    @Test
    void aSectionTurnedIntoAValueIsReported() throws IOException {
        write("default.yaml", "mongodb:\n  uri: a\n");
        write("development.yaml", "mongodb: oops\n");

        assertThatThrownBy(() -> Config.load(dir, "development", Map.of()))
                .hasMessage(file("development.yaml") + ": mongodb is a value here but a section in " + file("default.yaml"));
    }

    @Test
    void aVariableCannotReplaceASection() throws IOException {
        write("default.yaml", "mongodb:\n  uri: a\n");

        assertThatThrownBy(() -> Config.load(dir, "development", Map.of("SHALLOT_MONGODB", "x")))
                .hasMessage("env SHALLOT_MONGODB: mongodb is a section (set in " + file("default.yaml")
                        + "); set one of its keys instead, e.g. SHALLOT_MONGODB_<KEY>");
    }

    @Test
    void rejectsEnvironmentNamesThatAreNotPlainWords() {
        assertThatThrownBy(() -> Config.load(dir, "../etc", Map.of()))
                .hasMessageContaining("environment name '../etc' is invalid");
    }

    @Test
    void resolvesTheEnvironmentFromArgumentsThenVariableThenDefault() {
        assertThat(Config.resolveEnv(new String[] {"--env", "production"}, Map.of("SHALLOT_ENV", "test")))
                .isEqualTo("production");
        assertThat(Config.resolveEnv(new String[] {"--env=staging"}, Map.of())).isEqualTo("staging");
        assertThat(Config.resolveEnv(new String[0], Map.of("SHALLOT_ENV", "test"))).isEqualTo("test");
        assertThat(Config.resolveEnv(null, Map.of())).isEqualTo("development");
    }

    @Test
    void rawIsTheMergedUnmodifiableTree() throws IOException {
        write("default.yaml", "a:\n  b: 1\n  c: [x, y]\n");
        write("development.yml", "a:\n  d: true\n");

        Map<String, Object> raw = Config.load(dir, "development", Map.of()).raw();

        assertThat(raw).isEqualTo(Map.of("a", Map.of("b", 1, "c", List.of("x", "y"), "d", true)));
        assertThatThrownBy(() -> raw.put("z", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bindsTheSettingsOfMongoRedisAndCaches() throws IOException {
        write("default.yaml", """
                mongodb:
                  embedded: H2
                  dataDir: data/demo
                redis:
                  prefix: "demo:"
                  timeout: 300ms
                cache:
                  users:
                    maxSize: 500
                    localTtl: 5s
                    ttl: 10m
                """);
        Config config = Config.load(dir, "production", Map.of("SHALLOT_CACHE_USERS_NEGATIVETTL", "1m"));

        assertThat(config.view("mongodb", MongoSettings.class)).isEqualTo(MongoSettings.defaults()
                .withEmbedded(MongoSettings.Embedded.H2).withDataDir("data/demo"));
        assertThat(config.view("redis", RedisSettings.class)).isEqualTo(new RedisSettings(null, "demo:", Duration.ofMillis(300)));
        assertThat(config.view("cache.users", CacheSettings.class)).isEqualTo(new CacheSettings(500L,
                Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(1)));
    }

    @Test
    void viewsADottedSectionAndAnAbsentOneBindsDefaults() {
        Config config = Config.of(Map.of("shop", Map.of("main", Map.of("name", "a", "weight", 3))));

        assertThat(config.view("shop.main", Item.class)).isEqualTo(new Item("a", 3));
        assertThat(config.view("absent", MongoSettings.class)).isEqualTo(MongoSettings.defaults());
    }
}
