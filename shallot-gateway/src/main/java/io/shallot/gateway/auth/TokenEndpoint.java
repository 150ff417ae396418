package io.shallot.gateway.auth;

import io.shallot.gateway.Refusal;
import io.shallot.gateway.auth.internal.AppRecord;
import io.shallot.gateway.auth.internal.Challenges;
import io.shallot.gateway.auth.internal.ClientCredentials;
import io.shallot.gateway.auth.internal.SecretCipher;
import io.shallot.gateway.auth.internal.Secrets;
import io.shallot.gateway.auth.internal.StoredSecret;
import io.shallot.gateway.auth.internal.TokenStore;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import io.shallot.web.router.Router;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /oauth/token}: the client-credentials grant (RFC 6749 section 4.4). The appid is the
 * {@code client_id}; any working secret of the app is the {@code client_secret} (so during a
 * rotation both old and new work). Credentials come as a form, as JSON or with HTTP Basic (see
 * {@link ClientCredentials}). The answer is the envelope with the token, with
 * {@code Cache-Control: no-store}:
 * <pre>{"ret":0,"message":"success","data":{"access_token":"...","token_type":"Bearer","expires_in":7200}}</pre>
 *
 * <p>Refusals: a malformed request is {@code BAD_TOKEN_REQUEST} (400); an unknown appid or a
 * secret that does not match a working one is {@code BAD_CREDENTIALS} (401, the same answer for
 * both, with {@code WWW-Authenticate: Basic}); a disabled app with good credentials is
 * {@code APP_DISABLED} (403). Secrets are compared in constant time and never logged.
 *
 * <p>Other paths pass through to the next middleware; another method on this path is a 405.
 * The body is read in full with {@code ctx.readBody()}, within the server's body limit (413).
 * Runs on the request's loop.
 */
public final class TokenEndpoint implements Middleware {
    public static final String PATH = "/oauth/token";
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    private final AppRegistry registry;
    private final TokenStore tokens;
    private final SecretCipher cipher;
    private final Middleware routes;

    TokenEndpoint(AppRegistry registry, TokenStore tokens, SecretCipher cipher) {
        this.registry = registry;
        this.tokens = tokens;
        this.cipher = cipher;
        this.routes = Router.create().post(PATH, this::token).routes();
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) throws Exception {
        return routes.handle(ctx, next);
    }

    private Promise<Object> token(Context ctx) {
        return ctx.readBody().compose(body -> issue(ctx, ClientCredentials.parse(ctx, body)));
    }

    private Promise<Object> issue(Context ctx, ClientCredentials credentials) {
        return registry.record(credentials.clientId()).then(app -> {
            String secretId = app == null ? null : matchingSecret(app, credentials.clientSecret());
            if (secretId == null) {
                LOG.debug("token refused: bad credentials for client_id {}", credentials.clientId());
                throw Challenges.badCredentials(Refusal.BAD_CREDENTIALS.message());
            }
            if (!app.app().active()) {
                throw Refusal.APP_DISABLED.exception();
            }
            return secretId;
        }).compose(secretId -> tokens.issue(credentials.clientId(), secretId)).then(issued -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("access_token", issued.token());
            data.put("token_type", "Bearer");
            data.put("expires_in", issued.expiresIn().toSeconds());
            ctx.set("Cache-Control", "no-store").set("Pragma", "no-cache");
            ctx.json(Envelope.ok(data));
            return null;
        });
    }

    /** The id of the working secret equal to {@code given}, or null; every working secret is compared. */
    private String matchingSecret(AppRecord app, String given) {
        String match = null;
        for (StoredSecret secret : app.validSecrets(Instant.now())) {
            String plain;
            try {
                plain = cipher.open(secret.sealed(), app.appid(), secret.id());
            } catch (IllegalStateException e) {
                LOG.error(e.getMessage());
                continue;
            }
            if (Secrets.same(given, plain)) {
                match = secret.id();
            }
        }
        return match;
    }

    @Override
    public String toString() {
        return "TokenEndpoint";
    }
}
