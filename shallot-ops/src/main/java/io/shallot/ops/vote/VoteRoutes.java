package io.shallot.ops.vote;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.HttpException;
import io.shallot.web.body.Inputs;
import io.shallot.web.body.RequestBody;
import io.shallot.web.middleware.TrustedUser;
import io.shallot.web.middleware.TrustedUser.Policy;
import io.shallot.web.router.Router;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP API of {@link Votes}; answers are the envelope {@code {"ret": 0, "message": "success",
 * "data": ...}}, errors the envelope with the status {@link Votes} documents.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /v1/votes/:activity}</td><td>the tally: {@code {activity, status (upcoming, open,
 *       closed), start, end, options: [{option, votes}], total}}, as cached (see {@link Votes})</td></tr>
 *   <tr><td>{@code POST /v1/votes/:activity/ballots}</td><td>a vote: body {@code {"user", "option"}}, an
 *       optional {@code Idempotency-Key} header (1-128 of A-Z a-z 0-9 _ . : -) to make retries safe →
 *       {@code {activity, option, votes (the option's, now), remaining (the user's)}}</td></tr>
 *   <tr><td>{@code GET /v1/votes/:activity/users/:user}</td><td>the user's allowance: {@code {activity, user,
 *       used, remaining, resets (an ISO instant, or null)}}</td></tr>
 * </table>
 *
 * <p>This API trusts its caller, the OPEN API gateway: do not expose it to clients directly. When the
 * gateway vouches for a user ({@link TrustedUser}), a ballot and an allowance are that user's: the
 * body's {@code user} may then be left out, and naming another user is a 403. Without it, users are
 * taken as given. Bodies must be a JSON object with at most the two string fields, else 400 naming
 * the field.
 */
public final class VoteRoutes {
    private static final Set<String> BALLOT_FIELDS = Set.of("user", "option");

    private VoteRoutes() {
    }

    /** Adds the routes above to {@code router}. */
    public static Router mount(Router router, Votes votes) {
        router.get("/v1/votes/:activity", ctx -> votes.tally(ctx.param("activity")).then(VoteRoutes::tallyView))
                .post("/v1/votes/:activity/ballots", ctx -> ctx.readBody().compose(body -> vote(votes, ctx, body)));
        router.with(TrustedUser.owns("user", Policy.CHECK_IF_PRESENT)).get("/v1/votes/:activity/users/:user",
                ctx -> votes.allowance(ctx.param("activity"), ctx.param("user")).then(VoteRoutes::allowanceView));
        return router;
    }

    private static Promise<Envelope> vote(Votes votes, Context ctx, RequestBody body) {
        JsonNode json = Inputs.object(body);
        for (String field : (Iterable<String>) json::fieldNames) {
            if (!BALLOT_FIELDS.contains(field)) {
                throw new HttpException(400, "unknown field " + field + " (the body has user and option)");
            }
        }
        String vouched = TrustedUser.actingFor(ctx, json.has("user") ? Inputs.text(json, "user") : null, Policy.CHECK_IF_PRESENT);
        return votes.vote(ctx.param("activity"), vouched != null ? vouched : Inputs.text(json, "user"), Inputs.text(json, "option"),
                        ctx.header("Idempotency-Key"))
                .then(VoteRoutes::ballotView);
    }

    private static Envelope tallyView(Tally tally) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activity", tally.activity());
        data.put("status", tally.status().name().toLowerCase(Locale.ROOT));
        data.put("start", tally.start().toString());
        data.put("end", tally.end().toString());
        data.put("options", tally.options());
        data.put("total", tally.total());
        return Envelope.ok(data);
    }

    private static Envelope ballotView(Ballot ballot) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activity", ballot.activity());
        data.put("option", ballot.option());
        data.put("votes", ballot.tally());
        data.put("remaining", ballot.remaining());
        return Envelope.ok(data);
    }

    private static Envelope allowanceView(Allowance allowance) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activity", allowance.activity());
        data.put("user", allowance.user());
        data.put("used", allowance.used());
        data.put("remaining", allowance.remaining());
        data.put("resets", allowance.resets() == null ? null : allowance.resets().toString());
        return Envelope.ok(data);
    }
}
