package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.testing.OnLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rules read from MongoDB at most once per cache TTL per instance, shared by concurrent readers. */
class ConfigCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Mongo mongo = Mongo.start(MongoSettings.defaults());

    @AfterEach
    void close() {
        mongo.close();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static String config(Configs configs) {
        return OnLoop.run(loop -> configs.resolve("home", ClientProfile.UNKNOWN)).config().toString();
    }

    @Test
    void anotherInstancesWritesShowWithinTheCacheTtl() {
        Configs writer = new Configs(mongo, Clock.systemUTC(), Duration.ofMinutes(10));
        Configs quick = new Configs(mongo, Clock.systemUTC(), Duration.ofMillis(200));
        Configs slow = new Configs(mongo, Clock.systemUTC(), Duration.ofMinutes(10));
        ConfigRule rule = OnLoop.run(loop -> writer.create("home", json("{\"value\":{\"n\":1}}")));
        assertThat(config(quick)).isEqualTo("{\"n\":1}");
        assertThat(config(slow)).isEqualTo("{\"n\":1}");

        OnLoop.run(loop -> writer.replace("home", rule.id(), json("{\"value\":{\"n\":2}}"), null));
        assertThat(config(writer)).as("an instance's own write shows at once").isEqualTo("{\"n\":2}");
        assertThat(config(slow)).as("another instance's write waits for the TTL").isEqualTo("{\"n\":1}");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(config(quick)).isEqualTo("{\"n\":2}"));

        OnLoop.run(loop -> slow.replace("home", rule.id(), json("{\"value\":{\"n\":3}}"), 2L));
        assertThat(config(slow)).isEqualTo("{\"n\":3}");
        OnLoop.run(loop -> slow.delete("home", rule.id()));
        assertThat(OnLoop.failure(loop -> slow.resolve("home", ClientProfile.UNKNOWN))).hasMessage("no config home for this client");
    }

    @Test
    void anAnswerIsComputedOncePerProfileAndRulesRead() {
        Configs configs = new Configs(mongo, Clock.systemUTC(), Duration.ofMinutes(10));
        ConfigRule base = OnLoop.run(loop -> configs.create("home", json("{\"value\":{\"n\":1}}")));
        OnLoop.run(loop -> configs.create("home", json("{\"regions\":[\"CN\"],\"value\":{\"n\":86}}")));
        ClientProfile cn = new ClientProfile(null, null, "CN", null);
        ResolvedConfig first = OnLoop.run(loop -> configs.resolve("home", cn));
        ResolvedConfig again = OnLoop.run(loop -> configs.resolve("home", new ClientProfile(null, null, "cn", null)));
        assertThat(again).isSameAs(first);
        assertThat(OnLoop.run(loop -> configs.resolve("home", ClientProfile.UNKNOWN)).config().toString()).isEqualTo("{\"n\":1}");

        OnLoop.run(loop -> configs.replace("home", base.id(), json("{\"value\":{\"n\":1,\"m\":2}}"), null));
        ResolvedConfig after = OnLoop.run(loop -> configs.resolve("home", cn));
        assertThat(after.config().toString()).isEqualTo("{\"n\":86,\"m\":2}");
        assertThat(after.etag()).isNotEqualTo(first.etag());
    }

    @Test
    void theSubjectsOfOneProfileShareOneAnswerPerCombinationOfRolloutsThatReachThem() {
        Configs configs = new Configs(mongo, Clock.systemUTC(), Duration.ofMinutes(10));
        OnLoop.run(loop -> configs.create("home", json("{\"value\":{\"theme\":\"light\"}}")));
        OnLoop.run(loop -> configs.create("home", json("{\"rollout\":{\"percent\":30},\"value\":{\"theme\":\"dark\"}}")));
        List<ResolvedConfig> answers = OnLoop.run(loop -> {
            List<Promise<ResolvedConfig>> resolves = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                resolves.add(configs.resolve("home", new ClientProfile(Version.parse("2.1"), "ios", "CN", "zh-CN", "user-" + i)));
            }
            return Promise.all(resolves);
        });
        assertThat(answers.stream().filter(answer -> answer.config().toString().contains("dark")).count()).isBetween(1_350L, 1_650L);
        assertThat(configs.answersKept()).as("5,000 subjects, one 30 %% rollout").isLessThanOrEqualTo(2);
        assertThat(answers.stream().map(System::identityHashCode).distinct().count()).as("distinct answers computed").isEqualTo(2);

        OnLoop.run(loop -> configs.resolve("home", new ClientProfile(Version.parse("2.1"), "ios", "CN", "zh-CN")));
        assertThat(configs.answersKept()).as("a subjectless client shares the answer of subjects left out").isLessThanOrEqualTo(2);
    }

    @Test
    void concurrentResolvesOnManyLoopsShareOneRead() throws Exception {
        Configs writer = new Configs(mongo, Clock.systemUTC(), Duration.ofMinutes(10));
        OnLoop.run(loop -> writer.create("home", json("{\"value\":{\"n\":1}}")));
        Configs configs = new Configs(mongo, Clock.systemUTC(), Duration.ofMinutes(10));
        int threads = 8;
        int perLoop = 25;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<ResolvedConfig>>> answers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return OnLoop.run(loop -> {
                        List<Promise<ResolvedConfig>> resolves = new ArrayList<>();
                        for (int i = 0; i < perLoop; i++) {
                            resolves.add(configs.resolve("home", new ClientProfile(null, "ios", "CN", "en")));
                        }
                        return Promise.all(resolves);
                    });
                }));
            }
            start.countDown();
            for (Future<List<ResolvedConfig>> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).hasSize(perLoop)
                        .allSatisfy(resolved -> assertThat(resolved.config().toString()).isEqualTo("{\"n\":1}"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(configs.ruleReads()).as("%d resolves on %d loops", threads * perLoop, threads).isEqualTo(1);

        config(configs);
        OnLoop.run(loop -> configs.list("home"));
        assertThat(configs.ruleReads()).as("list reads fresh, around the cache").isEqualTo(2);
        assertThat(config(configs)).isEqualTo("{\"n\":1}");
        assertThat(configs.ruleReads()).isEqualTo(2);
    }
}
