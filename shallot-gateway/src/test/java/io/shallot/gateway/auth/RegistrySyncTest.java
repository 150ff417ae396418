package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KillArgs;
import io.shallot.gateway.auth.internal.AppStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Two gateway processes, as two JVMs would be: their own MongoDB clients and Redis connections. */
class RegistrySyncTest {
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final AuthSettings SETTINGS = AuthHarness.settings().withAppCacheTtl(Duration.ofMinutes(10));

    private AuthHarness first;
    private AuthHarness second;
    private Set<Long> secondsSubscribers;

    @BeforeEach
    void start() throws Exception {
        first = new AuthHarness(SETTINGS);
        Set<Long> before = subscribers();
        second = first.sharing(SETTINGS);
        secondsSubscribers = subscribers();
        secondsSubscribers.removeAll(before);
    }

    @AfterEach
    void stop() {
        try {
            second.close();
        } finally {
            first.close();
        }
    }

    @Test
    void aChangeThroughOneProcessReachesTheOtherWithinASecond() {
        String[] app = first.appGranted("contents.read");
        String token = second.token(app[0], app[1]);
        second.call("/v1/contents", token).expectStatus(200);
        first.call("/v1/contents", token).expectStatus(200);

        first.admin("POST", "/admin/apps/" + app[0] + "/disable").send().expectStatus(200);
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(20))
                .until(() -> second.call("/v1/contents", token).status() == 403);
        second.call("/v1/contents", token).expectJson("/ret", 40301);

        second.admin("PATCH", "/admin/apps/" + app[0]).body("{\"status\":\"ACTIVE\",\"apis\":[\"users.read\"]}").send()
                .expectStatus(200);
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(20))
                .until(() -> first.call("/v1/userinfos", token).status() == 200);
        first.call("/v1/contents", token).expectStatus(403).expectJson("/ret", 40302);
    }

    @Test
    void anAppCreatedThroughOneProcessIsNoLongerUnknownToTheOther() {
        second.requestToken("late-app", "whatever").expectStatus(401);

        String secret = first.createApp("{\"appid\":\"late-app\",\"name\":\"late\",\"apis\":[\"*\"]}").get("client_secret")
                .asText();

        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(20))
                .until(() -> second.requestToken("late-app", secret).status() == 200);
    }

    @Test
    void aRotationAndARevocationReachTheOtherProcess() {
        String[] app = first.appGranted("contents.read");
        second.token(app[0], app[1]);
        String rotated = first.admin("POST", "/admin/apps/" + app[0] + "/secrets").body("{\"graceSeconds\":0}").send()
                .expectStatus(201).json().at("/data/client_secret").asText();

        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(20))
                .until(() -> second.requestToken(app[0], rotated).status() == 200);
        second.requestToken(app[0], app[1]).expectStatus(401);
    }

    @Test
    void afterARedisReconnectTheOtherProcessDropsWhatItMayHaveMissedAndHearsChangesAgain() throws Exception {
        String[] app = first.appGranted("contents.read");
        String token = second.token(app[0], app[1]);
        second.call("/v1/contents", token).expectStatus(200);
        Mono.from(first.mongo.database().getCollection(AppStore.COLLECTION).updateOne(new Document("_id", app[0]),
                new Document("$set", new Document("status", "DISABLED")))).block(Duration.ofSeconds(10));
        second.call("/v1/contents", token).expectStatus(200);
        assertThat(secondsSubscribers).hasSize(1);

        for (long id : secondsSubscribers) {
            first.redis.commands().clientKill(KillArgs.Builder.id(id)).get(5, TimeUnit.SECONDS);
        }

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> second.call("/v1/contents", token).status() == 403);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> subscribers().size() == 2);
        first.admin("POST", "/admin/apps/" + app[0] + "/enable").send().expectStatus(200);
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(20))
                .until(() -> second.call("/v1/contents", token).status() == 200);
    }

    /** The ids of the clients subscribed to some channel (flag P). */
    private Set<Long> subscribers() throws Exception {
        String list = first.redis.commands().clientList().get(5, TimeUnit.SECONDS);
        return list.lines()
                .map(line -> Arrays.stream(line.split(" ")).toList())
                .filter(fields -> fields.stream().anyMatch(f -> f.startsWith("flags=") && f.contains("P")))
                .map(fields -> fields.stream().filter(f -> f.startsWith("id=")).findFirst().orElseThrow())
                .map(id -> Long.parseLong(id.substring(3)))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
