package io.shallot.cluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcosystemLoaderTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("shallot.config.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void readsEveryFieldWithUnits() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Path f = file("""
                apps:
                  - name: api
                    main: com.example.Main
                    classpath: [lib/a.jar, classes]
                    args: --port 3000 --verbose
                    jvm_args: [-Xmx256m, -XX:+UseG1GC]
                    instances: 4
                    exec_mode: cluster
                    port: 3000
                    host: 127.0.0.1
                    env: {A: 1, B: "two"}
                    env_production: {B: prod, C: true}
                    watch: [src]
                    ignore_watch: ["*.log", tmp]
                    watch_delay: 2s
                    out_file: logs/out.log
                    error_file: logs/err.log
                    log_date_format: YYYY-MM-DD HH:mm Z
                    merge_logs: true
                    log_max_size: 1M
                    log_retain: 3
                    autorestart: true
                    max_restarts: 5
                    min_uptime: 2s
                    restart_delay: 250ms
                    exp_backoff_restart_delay: 100
                    stop_exit_codes: [0]
                    max_memory_restart: 200M
                    kill_timeout: 3s
                    wait_ready: true
                    listen_timeout: 1m
                """);
        AppSpec s = EcosystemLoader.load(f, "production").get(0);
        assertThat(s.name()).isEqualTo("api");
        assertThat(s.main()).isEqualTo("com.example.Main");
        assertThat(s.classpath()).containsExactly(dir.resolve("lib/a.jar").toString(), dir.resolve("classes").toString());
        assertThat(s.args()).containsExactly("--port", "3000", "--verbose");
        assertThat(s.jvmArgs()).containsExactly("-Xmx256m", "-XX:+UseG1GC");
        assertThat(s.instances()).isEqualTo(4);
        assertThat(s.mode()).isEqualTo(ExecMode.CLUSTER);
        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.env()).isEqualTo(Map.of("A", "1", "B", "prod", "C", "true"));
        assertThat(s.cwd()).isEqualTo(dir.toString());
        assertThat(s.watch()).isEqualTo(new AppSpec.Watch(true, List.of(dir.resolve("src").toString()), List.of("*.log", "tmp"), 2000));
        assertThat(s.logs()).isEqualTo(new AppSpec.Logs(dir.resolve("logs/out.log").toString(),
                dir.resolve("logs/err.log").toString(), "YYYY-MM-DD HH:mm Z", true, 1024 * 1024, 3));
        assertThat(s.restart()).isEqualTo(new AppSpec.Restart(true, 5, 2000, 250, 100, java.util.Set.of(0)));
        assertThat(s.maxMemoryBytes()).isEqualTo(200L * 1024 * 1024);
        assertThat(s.killTimeoutMs()).isEqualTo(3000);
        assertThat(s.waitReady()).isTrue();
        assertThat(s.listenTimeoutMs()).isEqualTo(60_000);
    }

    @Test
    void appliesPm2DefaultsAndTheDefaultName() throws Exception {
        AppSpec s = EcosystemLoader.load(file("apps:\n  - main: com.example.Hello\n"), null).get(0);
        assertThat(s.name()).isEqualTo("Hello");
        assertThat(s.instances()).isEqualTo(1);
        assertThat(s.mode()).isEqualTo(ExecMode.FORK);
        assertThat(s.restart()).isEqualTo(AppSpec.Restart.defaults());
        assertThat(s.killTimeoutMs()).isEqualTo(1600);
        assertThat(s.watch().enabled()).isFalse();
        assertThat(s.logs().merge()).isFalse();
        assertThat(s.env()).isEmpty();
    }

    @Test
    void maxInstancesMeansOnePerCore() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<AppSpec> specs = EcosystemLoader.load(file("""
                apps:
                  - {name: a, main: x.A, instances: max}
                  - {name: b, main: x.B, instances: 0}
                  - {name: c, main: x.C, instances: -1}
                """), null);
        assertThat(specs).extracting(AppSpec::instances).containsExactly(cores, cores, Math.max(1, cores - 1));
    }

    @Test
    void clusterAppsHaveOneSpareUnlessTheySayOtherwise() throws Exception {
        List<AppSpec> specs = EcosystemLoader.load(file("""
                apps:
                  - {name: c, main: x.C, port: 3000, exec_mode: cluster, instances: 2}
                  - {name: c3, main: x.C, port: 3001, exec_mode: cluster, spares: 3}
                  - {name: c0, main: x.C, port: 3002, exec_mode: cluster, spares: 0}
                  - {name: once, main: x.C, port: 3003, exec_mode: cluster, autorestart: false}
                  - {name: f, main: x.F}
                """), null);
        assertThat(specs).extracting(AppSpec::spares).containsExactly(1, 3, 0, 0, 0);
    }

    @Test
    void sparesAreRefusedWhereNothingCouldUseThem() throws Exception {
        Path f = file("""
                apps:
                  - {name: f, main: x.F, spares: 1}
                  - {name: once, main: x.C, port: 3003, exec_mode: cluster, autorestart: false, spares: 1}
                  - {name: many, main: x.C, port: 3004, exec_mode: cluster, spares: 17}
                """);
        assertThatThrownBy(() -> EcosystemLoader.load(f, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "apps[0] 'f'.spares: a spare is a cluster worker started ahead to take a dead worker's place;"
                                + " fork-mode processes bind their own ports, so only exec_mode: cluster can have spares; got 1",
                        "apps[1] 'once'.spares: a spare is a cluster worker started ahead to take a dead worker's place;"
                                + " with autorestart: false nothing takes a place; got 1",
                        "apps[2] 'many'.spares: expected a whole number from 0 to 16, got 17"));
    }

    @Test
    void unknownFieldNamesTheFileTheAppTheFieldAndWhatIsAllowed() throws Exception {
        Path f = file("apps:\n  - name: web\n    main: x.Web\n    instance: 2\n");
        assertThatThrownBy(() -> EcosystemLoader.load(f, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("apps[0] 'web': unknown field 'instance' (did you mean 'instances'?)")
                .hasMessageContaining("allowed: name, jar, main, classpath, args, jvm_args, instances, spares, exec_mode");
    }

    @Test
    void pm2OnlyFieldsSayWhatToUseInstead() throws Exception {
        assertThatThrownBy(() -> EcosystemLoader.load(file("apps:\n  - name: w\n    script: app.js\n"), null))
                .hasMessageContaining("unknown field 'script' (a shallot app is a JVM: use 'jar: app.jar' or 'main: com.example.Main')")
                .hasMessageContaining("needs 'jar' (an executable jar) or 'main' (a main class)");
    }

    @Test
    void reportsEveryInvalidValueAtOnce() throws Exception {
        Path f = file("""
                apps:
                  - name: bad
                    main: x.Bad
                    instances: lots
                    exec_mode: threads
                    min_uptime: soon
                    max_memory_restart: big
                    max_restarts: -1
                    merge_logs: maybe
                    env: {1X: a}
                    log_date_format: "YYYY-MM-DD qqqqqq"
                """);
        assertThatThrownBy(() -> EcosystemLoader.load(f, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "apps[0] 'bad'.instances: expected a number of processes, \"max\" (one per core, "
                                + Runtime.getRuntime().availableProcessors() + " here), 0 (= max) or -N (max minus N), got \"lots\"",
                        "apps[0] 'bad'.exec_mode: expected fork or cluster, got \"threads\"",
                        "apps[0] 'bad'.min_uptime: expected a duration such as 1500, \"500ms\", \"2s\" or \"1m\", got \"soon\"",
                        "apps[0] 'bad'.max_memory_restart: expected a size such as 524288000, \"500K\", \"200M\" or \"1G\", got \"big\"",
                        "apps[0] 'bad'.max_restarts: expected a whole number from 0 to any, got -1",
                        "apps[0] 'bad'.merge_logs: expected true or false, got \"maybe\"",
                        "apps[0] 'bad'.env.1X: not a valid environment variable name",
                        e.problems().stream().filter(p -> p.startsWith("apps[0] 'bad'.log_date_format: not a date pattern")).findFirst().orElse("missing log_date_format problem")));
    }

    @Test
    void clusterModeNeedsAPort() throws Exception {
        assertThatThrownBy(() -> EcosystemLoader.load(file("apps:\n  - {name: c, main: x.C, exec_mode: cluster, instances: 2}\n"), null))
                .hasMessageContaining("apps[0] 'c': exec_mode cluster needs 'port'");
    }

    @Test
    void jarAndMainExcludeEachOtherAndTheJarMustExist() throws Exception {
        assertThatThrownBy(() -> EcosystemLoader.load(file("apps:\n  - {name: j, jar: app.jar, main: x.Y}\n"), null))
                .hasMessageContaining("has both 'jar' and 'main'");
        assertThatThrownBy(() -> EcosystemLoader.load(file("apps:\n  - {name: j, jar: missing.jar}\n"), null))
                .hasMessageContaining("apps[0].jar: no such file " + dir.resolve("missing.jar"));
    }

    @Test
    void namesMustBeUniqueAndUsable() throws Exception {
        assertThatThrownBy(() -> EcosystemLoader.load(file("apps:\n  - {name: a, main: x.A}\n  - {name: a, main: x.B}\n  - {name: '12', main: x.C}\n"), null))
                .hasMessageContaining("name 'a' is used twice")
                .hasMessageContaining("apps[2] '12'.name: use letters, digits");
    }

    @Test
    void anUnknownProfileIsAnError() throws Exception {
        assertThatThrownBy(() -> EcosystemLoader.load(file("apps:\n  - {name: a, main: x.A, env_production: {X: 1}}\n"), "staging"))
                .hasMessageContaining("--env staging: no app defines env_staging");
    }

    @Test
    void topLevelMustBeAnAppsList() throws Exception {
        assertThatThrownBy(() -> EcosystemLoader.load(file("deploy: {}\n"), null))
                .hasMessageContaining("unknown top-level field 'deploy'; allowed: apps")
                .hasMessageContaining("'apps' must be a non-empty list of apps");
        assertThatThrownBy(() -> EcosystemLoader.load(file("apps: [\n"), null)).hasMessageContaining("not valid YAML/JSON");
        assertThatThrownBy(() -> EcosystemLoader.load(dir.resolve("nope.yaml"), null)).hasMessageContaining("no such file");
    }

    @Test
    void cliOptionsOverrideTheFile() throws Exception {
        AppSpec s = EcosystemLoader.load(file("apps:\n  - {name: a, main: x.A, port: 3000, exec_mode: cluster}\n"), null,
                Map.of("instances", "3", "watch", true)).get(0);
        assertThat(s.instances()).isEqualTo(3);
        assertThat(s.watch().paths()).containsExactly(dir.toString());
    }

    @Test
    void readsJsonToo() throws Exception {
        Path f = dir.resolve("eco.json");
        Files.writeString(f, "{\"apps\": [{\"name\": \"j\", \"main\": \"x.J\", \"instances\": \"2\"}]}");
        assertThat(EcosystemLoader.load(f, null).get(0).instances()).isEqualTo(2);
    }

    @Test
    void unitsParse() {
        assertThat(Units.millis("1500")).isEqualTo(1500);
        assertThat(Units.millis("1.5s")).isEqualTo(1500);
        assertThat(Units.millis("2m")).isEqualTo(120_000);
        assertThat(Units.bytes("512K")).isEqualTo(512 * 1024);
        assertThat(Units.bytes("1.5G")).isEqualTo(1536L * 1024 * 1024);
        assertThat(Units.bytes("100mb")).isEqualTo(100L * 1024 * 1024);
        assertThat(DateFormats.translate("YYYY-MM-DD HH:mm:ss.SSS Z")).isEqualTo("yyyy-MM-dd HH:mm:ss.SSS xxx");
    }
}
