package io.shallot.cluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.cluster.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSpecJsonTest {
    @TempDir
    Path dir;

    private List<AppSpec> specs;

    private List<AppSpec> specs() throws IOException {
        if (specs != null) {
            return specs;
        }
        Files.createFile(dir.resolve("job.jar"));
        Path f = dir.resolve("shallot.config.yaml");
        Files.writeString(f, """
                apps:
                  - name: api
                    main: com.example.Main
                    classpath: [lib/a.jar]
                    args: --port 3000
                    jvm_args: [-Xmx256m]
                    instances: 2
                    exec_mode: cluster
                    port: 3000
                    env: {A: "1", Q: "say \\"hi\\" 中"}
                    watch: [src]
                    log_date_format: YYYY-MM-DD
                    stop_exit_codes: [0, 143]
                    max_memory_restart: 200M
                  - name: job
                    jar: job.jar
                """);
        specs = EcosystemLoader.load(f, null);
        return specs;
    }

    @Test
    void roundTripsEverySpecThroughJsonText() throws IOException {
        List<AppSpec> specs = specs();
        String json = Json.write(AppSpecJson.writeAll(specs));
        assertThat(AppSpecJson.readAll(Json.parse(json))).isEqualTo(specs);
        assertThat(AppSpecJson.readAll(Json.parse(Json.writePretty(AppSpecJson.writeAll(specs))))).isEqualTo(specs);
    }

    @Test
    void writesWhatJacksonWroteForTheRecord() throws Exception {
        // dump.json files saved before the daemon had its own codec, and describe --json, have this shape
        ObjectMapper jackson = new ObjectMapper();
        for (AppSpec spec : specs()) {
            assertThat(Json.write(AppSpecJson.write(spec))).isEqualTo(jackson.writeValueAsString(spec));
            assertThat(AppSpecJson.readAll(Json.parse(jackson.writeValueAsString(List.of(spec))))).containsExactly(spec);
        }
    }

    @Test
    void namesTheMemberThatIsWrong() throws IOException {
        Map<String, Object> bad = AppSpecJson.write(specs().get(0));
        bad.put("instances", "two");
        assertRejected(bad, "apps[0].instances: expected a whole number, got a string");
        bad = AppSpecJson.write(specs().get(0));
        bad.remove("port");
        assertRejected(bad, "apps[0].port: missing");
        bad = AppSpecJson.write(specs().get(0));
        bad.put("mode", "SWARM");
        assertRejected(bad, "apps[0].mode: expected FORK or CLUSTER, got SWARM");
        bad = AppSpecJson.write(specs().get(0));
        bad.put("restart", Json.fields("autorestart", "yes"));
        assertRejected(bad, "apps[0].restart.autorestart: expected true or false, got a string");
        bad = AppSpecJson.write(specs().get(0));
        bad.put("env", Map.of("A", 1L));
        assertRejected(bad, "apps[0].env.A: expected a string, got a number");
        bad = AppSpecJson.write(specs().get(0));
        bad.put("spares", 1L << 40);
        assertRejected(bad, "apps[0].spares: 1099511627776 is out of range");
        bad = AppSpecJson.write(specs().get(1));
        bad.put("spares", 2L);
        assertRejected(bad, "apps[0]: spares must be 0, or more in cluster mode");
        assertThatThrownBy(() -> AppSpecJson.readAll(Map.of())).hasMessage("expected an array of apps, got an object");
        assertThatThrownBy(() -> AppSpecJson.readAll(List.of("x"))).hasMessage("apps[0]: expected an object, got a string");
    }

    private static void assertRejected(Map<String, Object> spec, String message) throws IOException {
        Object json = Json.parse(Json.write(List.of(spec)));
        assertThatThrownBy(() -> AppSpecJson.readAll(json)).isInstanceOf(IOException.class).hasMessageStartingWith(message);
    }
}
