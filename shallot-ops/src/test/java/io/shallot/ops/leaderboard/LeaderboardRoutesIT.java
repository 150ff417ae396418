package io.shallot.ops.leaderboard;

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
import org.junit.jupiter.api.Test;

class LeaderboardRoutesIT {
    private final TestRedis store = new TestRedis("ops");
    private final Leaderboards leaderboards = new Leaderboards(store.redis,
            List.of(Board.of("runs", Mode.BEST), Board.of("daily", Mode.SUM).withPeriod(Period.DAILY)),
            new MutableClock(Instant.parse("2026-11-28T12:00:00Z")), Duration.ZERO);
    private final TestClient client = TestClient.of(new App().use(LeaderboardRoutes.mount(Router.create(), leaderboards).routes()));

    @AfterEach
    void close() {
        client.close();
        store.close();
    }

    private TestResponse score(String board, String body) {
        return client.postJson("/v1/leaderboards/" + board + "/scores", body);
    }

    @Test
    void scoresGoInAndTheTopAndAStandingComeOut() {
        score("runs", "{\"member\":\"ann\",\"score\":50}").expectStatus(200)
                .expectJson("/ret", 0).expectJson("/data/rank", 1).expectJson("/data/improved", true);
        score("runs", "{\"member\":\"bob\",\"score\":80}").expectStatus(200);
        score("runs", "{\"member\":\"ann\",\"score\":40}").expectStatus(200)
                .expectJson("/data/score", 50).expectJson("/data/rank", 2).expectJson("/data/improved", false);

        JsonNode top = client.get("/v1/leaderboards/runs?limit=5").expectStatus(200).json().get("data");
        assertThat(top.get("period").asText()).isEqualTo("all");
        assertThat(top.get("entries").toString())
                .isEqualTo("[{\"rank\":1,\"member\":\"bob\",\"score\":80},{\"rank\":2,\"member\":\"ann\",\"score\":50}]");

        client.get("/v1/leaderboards/runs/members/ann?around=1").expectStatus(200)
                .expectJson("/data/rank", 2).expectJson("/data/score", 50).expectJson("/data/around/0/member", "bob");
        client.get("/v1/leaderboards/runs/members/cid").expectStatus(404).expectJson("/ret", -1)
                .expectJson("/message", "cid has no entry on runs for all");

        JsonNode boards = client.get("/v1/leaderboards").expectStatus(200).json().get("data").get("boards");
        assertThat(boards.toString()).isEqualTo("[{\"board\":\"runs\",\"mode\":\"best\",\"period\":\"all\",\"keep\":10000},"
                + "{\"board\":\"daily\",\"mode\":\"sum\",\"period\":\"2026-11-28\",\"keep\":10000}]");
    }

    @Test
    void everyBadInputIsA400Or404AndWritesNothing() throws Exception {
        for (String body : List.of("{\"member\":\"ann\",\"score\":1.5}", "{\"member\":\"ann\",\"score\":\"7\"}",
                "{\"member\":\"ann\"}", "{\"score\":1}", "{\"member\":7,\"score\":1}", "{\"member\":\"a b\",\"score\":1}",
                "{\"member\":\"ann\",\"score\":9007199254740992}", "{\"member\":\"ann\",\"score\":1e400}",
                "{\"member\":\"ann\",\"score\":123456789012345678901234567890}", "[1]", "{\"member\":", "")) {
            TestResponse refused = score("runs", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().get("ret").asInt()).as(body).isEqualTo(-1);
        }
        score("nope", "{\"member\":\"ann\",\"score\":1}").expectStatus(404).expectJson("/message", "no leaderboard nope");
        client.get("/v1/leaderboards/no%3Aboard").expectStatus(404);
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "limit=1&limit=2", "period=2026-W48", "period=2026-13-01")) {
            assertThat(client.get("/v1/leaderboards/daily?" + query).status()).as(query).isEqualTo(400);
        }
        client.get("/v1/leaderboards/daily?period=2027-01-01").expectStatus(404);
        client.get("/v1/leaderboards/runs/members/ann?around=-1").expectStatus(400);
        client.get("/v1/leaderboards/runs/members/a%20b").expectStatus(400);
        assertThat(store.keys()).isEmpty();
    }
}
