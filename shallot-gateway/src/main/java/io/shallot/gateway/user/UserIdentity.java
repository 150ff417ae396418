package io.shallot.gateway.user;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.user.internal.UserChallenges;
import io.shallot.gateway.user.internal.UserToken;
import io.shallot.gateway.user.internal.UserTokens;
import io.shallot.gateway.user.internal.Verdict;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-user step of the request path: verifies the user token (the {@link UserSettings#header}
 * or the {@value UserSettings#PARAMETER} parameter) as the matched route's {@link UserMode} asks,
 * and puts its user into {@link Exchange#user}; the proxy then sends {@code X-Shallot-User: <id>}
 * upstream, which can trust it (a client's own header of that name is dropped, the token is never
 * forwarded).
 * <ul>
 *   <li>{@link UserMode#NONE}: the token is not looked at.</li>
 *   <li>{@link UserMode#OPTIONAL}: without a token the call goes on without a user; a token that
 *       is sent must verify.</li>
 *   <li>{@link UserMode#REQUIRED}: without a token, 401 {@code NO_USER_TOKEN}.</li>
 * </ul>
 * A token that does not verify is 401 {@code INVALID_USER_TOKEN}, or {@code EXPIRED_USER_TOKEN}
 * when only its time is up. A token that verifies (freshly or from the cache) but that a revocation
 * of its user refuses ({@link UserRevocations#refuses}: issued before the revocation's
 * {@code before}, or without {@code iat}) is 401 {@code REVOKED_USER_TOKEN}: the user must sign in
 * again. Each comes with {@code WWW-Authenticate: Bearer realm="shallot-users"}. The client is told
 * no more; why is logged at DEBUG (never the token).
 *
 * <p>Place it after shedding, so an overloaded gateway checks no signature for a request it drops,
 * and after the rate limit, so an app's calls with bad user tokens count against its allowance and
 * it cannot make the gateway check signatures faster than its plan allows. A token's signature is
 * checked once per process (see {@link UserTokens}); revocations are looked up in memory, with no
 * Redis call. Runs on the request's loop.
 */
public final class UserIdentity implements Middleware {
    private static final Logger LOG = LoggerFactory.getLogger(UserIdentity.class);

    private final UserTokens tokens;
    private final String header;
    private final UserRevocations revocations;

    private UserIdentity(UserTokens tokens, String header, UserRevocations revocations) {
        this.tokens = tokens;
        this.header = header;
        this.revocations = revocations;
    }

    /** Without revocations: a token is good until it expires. */
    public static UserIdentity create(UserSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    /** Without revocations, with the clock that decides whether a token has expired. */
    public static UserIdentity create(UserSettings settings, Clock clock) {
        return new UserIdentity(new UserTokens(settings, clock), settings.header(), null);
    }

    /** Refusing the tokens {@code revocations} refuses. */
    public static UserIdentity create(UserSettings settings, UserRevocations revocations) {
        return create(settings, Clock.systemUTC(), revocations);
    }

    /** Refusing the tokens {@code revocations} refuses, with the clock that decides whether a token has expired. */
    public static UserIdentity create(UserSettings settings, Clock clock, UserRevocations revocations) {
        return new UserIdentity(new UserTokens(settings, clock), settings.header(),
                Objects.requireNonNull(revocations, "revocations"));
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        Exchange exchange = Exchange.of(ctx);
        ApiRoute route = exchange.route();
        if (route == null) {
            throw new IllegalStateException("UserIdentity needs the matched route: put the route matcher before it");
        }
        if (route.user() == UserMode.NONE) {
            return next.run();
        }
        String token = UserToken.from(ctx, header);
        if (token == null) {
            if (route.user() == UserMode.REQUIRED) {
                throw UserChallenges.missing();
            }
            return next.run();
        }
        Verdict verdict = tokens.verify(token);
        if (!verdict.accepted()) {
            LOG.debug("user token refused on {}: {}", route.api(), verdict.reason());
            throw UserChallenges.refused(verdict.refusal());
        }
        if (revocations != null && revocations.refuses(verdict.user())) {
            LOG.debug("user token refused on {}: user {} has a revocation in force", route.api(), verdict.user().id());
            throw UserChallenges.refused(Refusal.REVOKED_USER_TOKEN);
        }
        exchange.user(verdict.user());
        return next.run();
    }

    @Override
    public String toString() {
        return "UserIdentity";
    }
}
