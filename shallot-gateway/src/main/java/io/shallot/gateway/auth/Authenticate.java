package io.shallot.gateway.auth;

import io.shallot.gateway.Exchange;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.auth.internal.AppRecord;
import io.shallot.gateway.auth.internal.BearerToken;
import io.shallot.gateway.auth.internal.Challenges;
import io.shallot.gateway.auth.internal.SignatureCheck;
import io.shallot.gateway.auth.internal.TokenStore;
import io.shallot.gateway.auth.internal.Unavailable;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import java.time.Instant;

/**
 * The token step of the request path: finds the access token ({@code Authorization: Bearer} or
 * {@code access_token}), looks it up, and puts its app into {@link Exchange#app}; for an app that
 * signs its requests it then checks the signature (see {@link Signer}).
 *
 * <p>A token works until its expiry while the app exists and the secret that obtained it still
 * works: revoking a secret, or the end of its grace after a rotation, ends the tokens it obtained.
 * A disabled app's tokens still authenticate here; {@link Permission} refuses them with
 * {@code APP_DISABLED}, so the client learns why.
 *
 * <p>Refusals, all 401 with {@code WWW-Authenticate: Bearer realm="shallot"...}: {@code NO_TOKEN},
 * {@code INVALID_TOKEN} (unknown, malformed, given twice, or its app or secret gone),
 * {@code EXPIRED_TOKEN}, and for signed apps {@code BAD_SIGNATURE}, {@code STALE_SIGNATURE},
 * {@code REPLAYED_NONCE}. When Redis or the app store fails it answers {@code AUTH_UNAVAILABLE}
 * (503 with {@code Retry-After}), not a 500.
 *
 * <p>Cost: one Redis read per token not in the local token cache, one app lookup (normally a local
 * cache hit), and for signed apps one {@code SET NX} and the body read in full (to hash it; the
 * proxy then sends those bytes). Runs on the request's loop.
 */
public final class Authenticate implements Middleware {
    private final AppRegistry registry;
    private final TokenStore tokens;
    private final SignatureCheck signatures;

    private final Unavailable unavailable;

    Authenticate(AppRegistry registry, TokenStore tokens, SignatureCheck signatures, Unavailable unavailable) {
        this.registry = registry;
        this.tokens = tokens;
        this.signatures = signatures;
        this.unavailable = unavailable;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        String token = BearerToken.from(ctx);
        return unavailable.guard("redis (tokens)", tokens.find(token)).compose(grant -> {
            if (grant == null) {
                throw Challenges.badToken(Refusal.INVALID_TOKEN, Refusal.INVALID_TOKEN.message());
            }
            if (grant.expiredAt(System.currentTimeMillis())) {
                throw Challenges.badToken(Refusal.EXPIRED_TOKEN, Refusal.EXPIRED_TOKEN.message());
            }
            return unavailable.guard("the app store", registry.record(grant.appid())).then(app -> {
                if (app == null || !app.secretValid(grant.secretId(), Instant.now())) {
                    throw Challenges.badToken(Refusal.INVALID_TOKEN,
                            "access token no longer valid: its app or client secret was removed");
                }
                return app;
            });
        }).compose(app -> {
            Exchange.of(ctx).app(app.app());
            return app.app().signed()
                    ? unavailable.guard("redis (nonces)", signatures.verify(ctx, app)).compose(ok -> next.run())
                    : next.run();
        });
    }

    @Override
    public String toString() {
        return "Authenticate";
    }
}
