package io.shallot.gateway.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.auth.internal.AppRecord;
import io.shallot.gateway.auth.internal.Challenges;
import io.shallot.gateway.auth.internal.ClientCredentials;
import io.shallot.gateway.auth.internal.SecretCipher;
import io.shallot.gateway.auth.internal.Secrets;
import io.shallot.gateway.auth.internal.StoredSecret;
import io.shallot.gateway.auth.internal.TokenAttempts;
import io.shallot.gateway.auth.internal.TokenStore;
import io.shallot.gateway.auth.internal.Unavailable;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import io.shallot.web.body.RequestBody;
import io.shallot.web.client.BodyStream;
import io.shallot.web.router.Router;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
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
 * <p>Refusals: a body over {@value #MAX_BODY_BYTES} bytes is {@code TOKEN_REQUEST_TOO_LARGE} (413,
 * before anything is checked); a malformed request is {@code BAD_TOKEN_REQUEST} (400); an unknown
 * appid or a secret that does not match a working one is {@code BAD_CREDENTIALS} (401, the same
 * answer for both, with {@code WWW-Authenticate: Basic}); too many of those for one client_id from
 * one address is {@code TOKEN_ATTEMPTS_LIMITED} (429, see {@link TokenAttempts}); a disabled app
 * with good credentials is {@code APP_DISABLED} (403); Redis or the app store failing is
 * {@code AUTH_UNAVAILABLE} (503). Secrets are compared in constant time and never logged.
 *
 * <p>Other paths pass through to the next middleware; another method on this path is a 405.
 * Runs on the request's loop.
 */
public final class TokenEndpoint implements Middleware {
    public static final String PATH = "/oauth/token";
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    /** Enough for any credentials; more is refused before it is read, and before any check. */
    static final int MAX_BODY_BYTES = 8 * 1024;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final AppRegistry registry;
    private final TokenStore tokens;
    private final SecretCipher cipher;
    private final TokenAttempts attempts;
    private final Unavailable unavailable;
    private final Middleware routes;

    TokenEndpoint(AppRegistry registry, TokenStore tokens, SecretCipher cipher, TokenAttempts attempts,
                  Unavailable unavailable) {
        this.registry = registry;
        this.tokens = tokens;
        this.cipher = cipher;
        this.attempts = attempts;
        this.unavailable = unavailable;
        this.routes = Router.create().post(PATH, this::token).routes();
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) throws Exception {
        return routes.handle(ctx, next);
    }

    private Promise<Object> token(Context ctx) {
        return readSmallBody(ctx).compose(body -> {
            ClientCredentials credentials = ClientCredentials.parse(ctx, body);
            String address = address(ctx);
            return unavailable.guard("redis (failed token requests)", attempts.check(credentials.clientId(), address))
                    .compose(allowed -> issue(ctx, credentials, address));
        });
    }

    /** The body, refused with 413 past {@link #MAX_BODY_BYTES}: declared, or as it arrives. */
    private static Promise<RequestBody> readSmallBody(Context ctx) {
        String declared = ctx.header("Content-Length");
        if (declared != null && (declared.length() > 9 || (declared.chars().allMatch(Character::isDigit)
                && Integer.parseInt(declared) > MAX_BODY_BYTES))) {
            return Promise.reject(ctx.loop(), tooLarge());
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        BodyStream stream = ctx.bodyStream();
        return stream.read(chunk -> {
            if (received.size() + chunk.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            received.writeBytes(chunk);
        }).then(end -> new RequestBody(received.toByteArray(), ctx.header("Content-Type"), MAPPER));
    }

    private static RuntimeException tooLarge() {
        return Refusal.TOKEN_REQUEST_TOO_LARGE.exception("a token request body is at most " + MAX_BODY_BYTES + " bytes",
                Map.of());
    }

    private Promise<Object> issue(Context ctx, ClientCredentials credentials, String address) {
        String clientId = credentials.clientId();
        return unavailable.guard("the app store", registry.record(clientId)).compose(app -> {
            String secretId = app == null ? null : matchingSecret(app, credentials.clientSecret());
            if (secretId == null) {
                LOG.debug("token refused: bad credentials for client_id {}", clientId);
                return unavailable.guard("redis (failed token requests)", attempts.failed(clientId, address))
                        .then(counted -> {
                            throw Challenges.badCredentials(Refusal.BAD_CREDENTIALS.message());
                        });
            }
            if (!app.app().active()) {
                throw Refusal.APP_DISABLED.exception();
            }
            return unavailable.guard("redis (tokens)", attempts.succeeded(clientId, address)
                    .compose(cleared -> tokens.issue(clientId, secretId)));
        }).then(issued -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("access_token", issued.token());
            data.put("token_type", "Bearer");
            data.put("expires_in", issued.expiresIn().toSeconds());
            ctx.set("Cache-Control", "no-store").set("Pragma", "no-cache");
            ctx.json(Envelope.ok(data));
            return null;
        });
    }

    private static String address(Context ctx) {
        InetSocketAddress remote = ctx.remoteAddress();
        return remote == null || remote.getAddress() == null ? "-" : remote.getAddress().getHostAddress();
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
