package io.shallot.gateway.auth;

import io.shallot.gateway.auth.internal.MasterKey;
import io.shallot.gateway.auth.internal.SecretCipher;
import io.shallot.gateway.auth.internal.SignatureCheck;
import io.shallot.gateway.auth.internal.TokenAttempts;
import io.shallot.gateway.auth.internal.TokenStore;
import io.shallot.gateway.auth.internal.Unavailable;
import io.shallot.gateway.user.UserRevocations;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.data.Mongo;
import io.shallot.web.Middleware;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication half of the gateway, wired: the pieces a gateway composes, in this order,
 * <pre>{@code
 * GatewayAuth auth = GatewayAuth.start(config.view("gateway.auth", AuthSettings.class), mongo, redis);
 * app.use(auth.admin())           // /admin/..., its own credential
 *    .use(auth.tokenEndpoint())   // POST /oauth/token
 *    .use(routeMatcher)           // sets Exchange.route()
 *    .use(auth.authenticate())    // token (and signature) -> Exchange.app()
 *    .use(auth.permission())      // app active and granted the route's API
 *    ...
 * }</pre>
 * Apps live in MongoDB ({@code gateway_apps} in {@code mongo}'s database), tokens and nonces in
 * Redis under its prefix. Every gateway process starts its own {@code GatewayAuth} on the same
 * MongoDB and Redis, with the same {@link AuthSettings#masterKey()}.
 *
 * <p>Threading: the middleware run on request loops; {@link #start} blocks (it subscribes to Redis
 * and may create the development key file), so call it at startup. {@link #close} unsubscribes;
 * the Redis and MongoDB connections stay the caller's.
 */
public final class GatewayAuth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayAuth.class);

    private final AppRegistry registry;
    private final AppService apps;
    private final TokenEndpoint tokenEndpoint;
    private final Authenticate authenticate;
    private final AdminApi admin;

    private GatewayAuth(AuthSettings settings, AppRegistry registry, Redis redis, SecretCipher cipher,
                        UserRevocations revocations) {
        TokenStore tokens = new TokenStore(redis, settings);
        this.registry = registry;
        this.apps = new AppService(registry, cipher);
        Unavailable unavailable = new Unavailable();
        this.tokenEndpoint = new TokenEndpoint(registry, tokens, cipher, new TokenAttempts(redis, settings), unavailable);
        this.authenticate = new Authenticate(registry, tokens, new SignatureCheck(redis, cipher, settings.signatureWindow()),
                unavailable);
        this.admin = new AdminApi(apps, settings, new RevocationRoutes(revocations, unavailable));
    }

    /** Without end users: the admin API's revocation routes answer 409. */
    public static GatewayAuth start(AuthSettings settings, Mongo mongo, Redis redis) {
        return start(settings, mongo, redis, null);
    }

    /**
     * @param revocations the end users' revocations the admin API manages, or null when user tokens
     *                    are off (its revocation routes then answer 409); stays the caller's to close
     */
    public static GatewayAuth start(AuthSettings settings, Mongo mongo, Redis redis, UserRevocations revocations) {
        Objects.requireNonNull(settings, "settings");
        SecretCipher cipher = new SecretCipher(MasterKey.resolve(settings));
        if (settings.adminToken() == null) {
            LOG.warn("gateway.auth.adminToken is not set: the admin API refuses every call");
        }
        return new GatewayAuth(settings, AppRegistry.start(mongo, redis, settings), redis, cipher, revocations);
    }

    public AppRegistry registry() {
        return registry;
    }

    /** {@code POST /oauth/token}; other requests pass through. */
    public Middleware tokenEndpoint() {
        return tokenEndpoint;
    }

    /** Token (and, for signed apps, signature) to {@code Exchange.app()}. */
    public Middleware authenticate() {
        return authenticate;
    }

    /** The app must be active and granted {@code Exchange.route().api()}. */
    public Middleware permission() {
        return Permission.create();
    }

    /** The {@code /admin} API, apps and end users' revocations; other requests pass through. */
    public Middleware admin() {
        return admin;
    }

    /**
     * Creates an app, as {@code POST /admin/apps} does (for seeding a demo app at start); call on a
     * loop thread. Rejects with {@link io.shallot.web.HttpException} 409 when the appid is taken.
     */
    public Promise<AppCredentials> create(AppSpec spec) {
        return apps.create(Objects.requireNonNull(spec, "spec")).then(AppService.Rotated::credentials);
    }

    /**
     * A new secret for {@code appid}, as {@code POST /admin/apps/:appid/secrets} does; the working
     * ones expire after {@code grace} ({@link Duration#ZERO}: at once). Call on a loop thread.
     * Rejects with {@link io.shallot.web.HttpException} 404 when there is no such app.
     */
    public Promise<AppCredentials> rotate(String appid, Duration grace) {
        return apps.rotate(AppSpec.requireAppid(appid), Objects.requireNonNull(grace, "grace"))
                .then(AppService.Rotated::credentials);
    }

    /**
     * Replaces the APIs {@code appid} is granted, as {@code PATCH /admin/apps/:appid} with
     * {@code apis} does (for a demo app that must reach APIs added since it was stored). Call on a
     * loop thread. Rejects with {@link io.shallot.web.HttpException} 404 when there is no such app,
     * with {@link IllegalArgumentException} when an API id is malformed.
     */
    public Promise<Void> grant(String appid, Set<String> apis) {
        return Promise.attempt(() -> apps.update(AppSpec.requireAppid(appid),
                        new Document("apis", new ArrayList<>(new TreeSet<>(AppSpec.requireApis(apis))))))
                .then(updated -> null);
    }

    @Override
    public void close() {
        registry.close();
    }
}
