package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.platform.internal.Publishers;
import io.shallot.testing.OnLoop;
import io.shallot.web.HttpException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Admin writes racing from several loops, as several operators or instances would send them. */
class ConcurrentRulesTest {
    private static final int LOOPS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Mongo mongo = Mongo.start(MongoSettings.defaults());
    private final Configs configs = new Configs(mongo, Clock.systemUTC(), Duration.ofMinutes(1));

    @AfterEach
    void close() {
        mongo.close();
    }

    /** Runs {@code call(i)} for each loop at once and gives each outcome: the value, or the rejection. */
    private List<Object> atOnce(IntFunction<Promise<?>> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(LOOPS);
        try {
            List<Future<Object>> outcomes = new ArrayList<>();
            for (int i = 0; i < LOOPS; i++) {
                int index = i;
                outcomes.add(pool.submit((Callable<Object>) () -> {
                    start.await();
                    return OnLoop.run(loop -> call.apply(index).<Object>then(value -> value, error -> error));
                }));
            }
            start.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ofConcurrentReplacesAtOneRevisionExactlyOneWins() throws Exception {
        ConfigRule rule = OnLoop.run(loop -> configs.create("home", json("{\"value\":{\"n\":0}}")));
        List<Object> outcomes = atOnce(i -> configs.replace("home", rule.id(), json("{\"value\":{\"n\":" + (i + 1) + "}}"), 1L));

        List<ConfigRule> won = outcomes.stream().filter(ConfigRule.class::isInstance).map(ConfigRule.class::cast).toList();
        assertThat(won).hasSize(1);
        assertThat(outcomes).filteredOn(HttpException.class::isInstance).hasSize(LOOPS - 1)
                .allSatisfy(error -> assertThat(((HttpException) error).status()).isEqualTo(412));
        ConfigRule stored = OnLoop.run(loop -> configs.list("home")).getFirst();
        assertThat(stored.revision()).isEqualTo(2);
        assertThat(stored.value()).isEqualTo(won.getFirst().value());
    }

    @Test
    void concurrentUploadsToOneRuleLeaveOnlyThePackageItPointsAt() throws Exception {
        ConfigRule rule = OnLoop.run(loop -> configs.create("home", json("{\"value\":{\"n\":0}}")));
        List<Object> outcomes = atOnce(i -> configs.putPackage("home", rule.id(),
                ("package " + i).getBytes(StandardCharsets.UTF_8), "text/plain"));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(ConfigRule.class));
        ConfigRule stored = OnLoop.run(loop -> configs.list("home")).getFirst();
        assertThat(stored.revision()).isEqualTo(1 + LOOPS);
        assertThat(count("config_packages")).isEqualTo(1);
        assertThat(count("config_package_chunks")).isEqualTo(1);
        PackageBytes bytes = OnLoop.run(loop -> configs.packageBytes("home", stored.filePackage().sha256()));
        assertThat(new String(bytes.bytes(), StandardCharsets.UTF_8)).startsWith("package ");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private long count(String collection) throws Exception {
        return Publishers.collect(mongo.database().getCollection(collection).countDocuments(), "count")
                .get(10, TimeUnit.SECONDS).getFirst();
    }
}
