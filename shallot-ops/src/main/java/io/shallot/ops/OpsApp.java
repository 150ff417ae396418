package io.shallot.ops;

import io.shallot.ops.leaderboard.LeaderboardRoutes;
import io.shallot.ops.leaderboard.Leaderboards;
import io.shallot.ops.vote.VoteRoutes;
import io.shallot.ops.vote.Votes;
import io.shallot.web.App;
import io.shallot.web.middleware.AccessLog;
import io.shallot.web.middleware.RequestId;
import io.shallot.web.router.Router;

/**
 * The operations service of section 三: leaderboards and votes, all state in Redis, so any number
 * of instances can serve one activity behind a load balancer or the OPEN API gateway. Every
 * request gets a request id and an access-log line; errors are the envelope.
 */
public final class OpsApp {
    private OpsApp() {
    }

    public static App create(Leaderboards leaderboards, Votes votes) {
        Router router = Router.create();
        LeaderboardRoutes.mount(router, leaderboards);
        VoteRoutes.mount(router, votes);
        return new App().use(RequestId.create()).use(AccessLog.create()).use(router.routes());
    }
}
