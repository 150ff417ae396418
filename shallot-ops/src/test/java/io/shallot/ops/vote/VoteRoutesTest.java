package io.shallot.ops.vote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.testing.MutableClock;
import io.shallot.testing.TestRedis;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vote API over real HTTP, on a real Redis. */
class VoteRoutesTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant START = Instant.parse("2026-11-28T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-05T00:00:00Z");
    private static final List<String> OPTIONS = List.of("red", "green", "blue");

    private TestRedis store;
    private MutableClock clock;
    private TestClient client;

    @BeforeEach
    void start() {
        store = new TestRedis("ops");
        clock = new MutableClock(NOW);
        Votes votes = new Votes(store.redis, List.of(
                new Activity("song", OPTIONS, START, END, 2, false),
                new Activity("daily", OPTIONS, START, END, 1, true)), clock, Duration.ZERO);
        client = TestClient.of(new App().use(VoteRoutes.mount(Router.create(), votes).routes()));
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    private TestResponse ballot(String activity, String body, String idempotencyKey) {
        var request = client.request("POST", "/v1/votes/" + activity + "/ballots").header("Content-Type", "application/json");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body).send();
    }

    private static void expectError(TestResponse response, int status, String message) {
        response.expectStatus(status).expectJson("/ret", -1).expectJson("/message", message);
        assertThat(response.json().get("data").isObject() && response.json().get("data").isEmpty()).isTrue();
    }

    @Test
    void countsAVoteAndShowsTheTallyAndTheUsersAllowance() {
        ballot("song", "{\"user\":\"alice\",\"option\":\"red\"}", null).expectStatus(200)
                .expectJson("/ret", 0).expectJson("/message", "success")
                .expectJson("/data/activity", "song").expectJson("/data/option", "red")
                .expectJson("/data/votes", 1).expectJson("/data/remaining", 1);
        ballot("song", "{\"option\":\"red\",\"user\":\"bob\"}", null).expectStatus(200).expectJson("/data/votes", 2);

        JsonNode tally = client.get("/v1/votes/song").expectStatus(200).expectJson("/ret", 0).json().get("data");
        assertThat(tally.toString()).isEqualTo("{\"activity\":\"song\",\"status\":\"open\",\"start\":\"2026-11-28T00:00:00Z\","
                + "\"end\":\"2026-12-05T00:00:00Z\",\"options\":[{\"option\":\"red\",\"votes\":2},{\"option\":\"green\",\"votes\":0},"
                + "{\"option\":\"blue\",\"votes\":0}],\"total\":2}");
        JsonNode allowance = client.get("/v1/votes/song/users/alice").expectStatus(200).json().get("data");
        assertThat(allowance.toString())
                .isEqualTo("{\"activity\":\"song\",\"user\":\"alice\",\"used\":1,\"remaining\":1,\"resets\":null}");
        client.get("/v1/votes/daily/users/alice").expectStatus(200).expectJson("/data/resets", "2026-11-29T00:00:00Z");
    }

    @Test
    void aUserTheGatewayVouchesForVotesAndLooksOnlyAsItself() {
        client.request("POST", "/v1/votes/song/ballots").header("X-Shallot-User", "alice").header("Content-Type", "application/json")
                .body("{\"option\":\"red\"}").send().expectStatus(200).expectJson("/data/remaining", 1);
        expectError(client.request("POST", "/v1/votes/song/ballots").header("X-Shallot-User", "alice")
                .header("Content-Type", "application/json").body("{\"user\":\"bob\",\"option\":\"red\"}").send(),
                403, "the authenticated user may act only for itself");
        client.request("GET", "/v1/votes/song/users/alice").header("X-Shallot-User", "alice").send().expectJson("/data/used", 1);
        client.request("GET", "/v1/votes/song/users/bob").header("X-Shallot-User", "alice").send().expectStatus(403);

        client.get("/v1/votes/song").expectJson("/data/total", 1);
        client.get("/v1/votes/song/users/bob").expectJson("/data/used", 0);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameAnswer() {
        String body = "{\"user\":\"alice\",\"option\":\"green\"}";
        String first = ballot("song", body, "order-42:vote").expectStatus(200).text();

        assertThat(ballot("song", body, "order-42:vote").expectStatus(200).text()).isEqualTo(first);
        client.get("/v1/votes/song").expectJson("/data/total", 1);
        expectError(ballot("song", body, "has space"), 400, "Idempotency-Key must be 1-128 characters of A-Z a-z 0-9 _ . : -");
        ballot("song", body, "k".repeat(129)).expectStatus(400);
        client.get("/v1/votes/song").expectJson("/data/total", 1);
    }

    @Test
    void refusesBodiesThatAreNotAUserAndAnOption() {
        ballot("song", "{\"user\":", null).expectStatus(400);
        expectError(ballot("song", "[\"alice\",\"red\"]", null), 400, "the body must be a JSON object");
        expectError(ballot("song", "{\"option\":\"red\"}", null), 400, "user is required, as a string");
        expectError(ballot("song", "{\"user\":\"alice\"}", null), 400, "option is required, as a string");
        expectError(ballot("song", "{\"user\":7,\"option\":\"red\"}", null), 400, "user is required, as a string");
        expectError(ballot("song", "{\"user\":\"alice\",\"option\":[\"red\"]}", null), 400, "option is required, as a string");
        expectError(ballot("song", "{\"user\":\"alice\",\"option\":\"red\",\"weight\":100}", null), 400,
                "unknown field weight (the body has user and option)");
        expectError(ballot("song", "{\"user\":\"alice\",\"option\":\"purple\"}", null), 400, "activity song has no option purple");
        ballot("song", "{\"user\":\"al:ice\",\"option\":\"red\"}", null).expectStatus(400);
        ballot("song", "{\"user\":{\"$ne\":null},\"option\":\"red\"}", null).expectStatus(400);

        client.get("/v1/votes/song").expectJson("/data/total", 0);
    }

    @Test
    void answersRefusalsWithTheirStatusAndAClearMessage() {
        expectError(client.get("/v1/votes/nope"), 404, "no voting activity nope");
        expectError(ballot("nope", "{\"user\":\"alice\",\"option\":\"red\"}", null), 404, "no voting activity nope");
        client.get("/v1/votes/song/users/al%3Aice").expectStatus(400);
        client.get("/v1/votes/so%20ng").expectStatus(400);

        ballot("daily", "{\"user\":\"alice\",\"option\":\"red\"}", null).expectStatus(200).expectJson("/data/remaining", 0);
        TestResponse spent = ballot("daily", "{\"user\":\"alice\",\"option\":\"red\"}", null);
        expectError(spent, 429, "alice has used all 1 vote for today in daily; more votes at 2026-11-29T00:00:00Z");
        spent.expectHeader("Retry-After", Long.toString(Duration.ofHours(14).toSeconds()));

        clock.set(END);
        expectError(ballot("song", "{\"user\":\"bob\",\"option\":\"red\"}", null), 409, "voting in song closed at 2026-12-05T00:00:00Z");
        client.get("/v1/votes/song").expectStatus(200).expectJson("/data/status", "closed").expectJson("/data/total", 0);
        clock.set(START.minusSeconds(1));
        expectError(ballot("song", "{\"user\":\"bob\",\"option\":\"red\"}", null), 409, "voting in song opens at 2026-11-28T00:00:00Z");
        client.get("/v1/votes/song").expectJson("/data/status", "upcoming");
    }
}
