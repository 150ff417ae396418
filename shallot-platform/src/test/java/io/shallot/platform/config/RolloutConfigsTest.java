package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.testing.OnLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rollouts through {@link Configs}: a subject's answer is the same from any instance, at any time. */
class RolloutConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Mongo mongo = Mongo.start(MongoSettings.defaults());

    @AfterEach
    void close() {
        mongo.close();
    }

    private static List<String> themes(Configs configs, List<String> subjects) {
        return OnLoop.run(loop -> Promise.all(subjects.stream()
                .map(subject -> configs.resolve("home", new ClientProfile(null, "ios", null, null, subject))).toList()))
                .stream().map(resolved -> resolved.config().get("theme").asText()).toList();
    }

    @Test
    void aSubjectGetsTheSameAnswerFromEveryInstanceEveryTime() throws Exception {
        JsonNode light = JSON.readTree("{\"value\":{\"theme\":\"light\"}}");
        JsonNode dark = JSON.readTree("{\"rollout\":{\"percent\":20,\"salt\":\"dark\"},\"value\":{\"theme\":\"dark\"}}");
        Configs one = new Configs(mongo, Clock.systemUTC(), Duration.ofMinutes(10));
        OnLoop.run(loop -> one.create("home", light));
        OnLoop.run(loop -> one.create("home", dark));
        Configs two = new Configs(mongo, Clock.systemUTC(), Duration.ofMinutes(10));
        List<String> subjects = IntStream.range(0, 1_000).mapToObj(i -> "user-" + i).toList();

        List<String> fromOne = themes(one, subjects);
        assertThat(themes(one, subjects)).isEqualTo(fromOne);
        assertThat(themes(two, subjects)).isEqualTo(fromOne);
        assertThat(themes(two, subjects.reversed()).reversed()).as("in another order").isEqualTo(fromOne);
        assertThat(fromOne).isEqualTo(subjects.stream().map(s -> Buckets.of("dark", s) < 2_000 ? "dark" : "light").toList());
    }
}
