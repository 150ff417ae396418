package io.shallot.gateway.auth;

import io.shallot.gateway.GatewayApp;
import io.shallot.gateway.auth.internal.AppRecord;
import io.shallot.gateway.auth.internal.AppStore;
import io.shallot.gateway.auth.internal.SecretCipher;
import io.shallot.gateway.auth.internal.Secrets;
import io.shallot.gateway.auth.internal.StoredSecret;
import io.shallot.loop.Promise;
import io.shallot.web.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * What the admin API does to apps, behind its input checks: every change is written to MongoDB,
 * then announced through {@link AppRegistry#changed}. Reads go to MongoDB, not to the cache, so an
 * operator sees what is stored. Threading: call on a loop thread.
 *
 * <p>Errors: an unknown app is a 404 ({@value #NOT_FOUND}); a taken appid or too many secrets a
 * 409 ({@value #CONFLICT}).
 */
final class AppService {
    static final int NOT_FOUND = 40400;
    static final int CONFLICT = 40900;
    /** Secrets an app may hold at once (the current one and those still in their grace). */
    static final int MAX_SECRETS = 10;
    private static final int WRITE_ATTEMPTS = 5;

    record Rotated(AppRecord app, AppCredentials credentials) {
    }

    private final AppRegistry registry;
    private final AppStore store;
    private final SecretCipher cipher;

    AppService(AppRegistry registry, SecretCipher cipher) {
        this.registry = registry;
        this.store = registry.store();
        this.cipher = cipher;
    }

    Promise<Rotated> create(AppSpec spec) {
        Instant now = now();
        String appid = spec.appid() != null ? spec.appid() : Secrets.appid();
        String secretId = Secrets.secretId();
        String secret = Secrets.random();
        GatewayApp app = new GatewayApp(appid, GatewayApp.Status.ACTIVE, spec.apis(), spec.plan(), spec.priorityClass(),
                spec.signed());
        AppRecord record = new AppRecord(app, spec.name(),
                List.of(new StoredSecret(secretId, cipher.seal(secret, appid, secretId), now, null)), now, now, 0);
        return store.insert(record).compose(inserted -> {
            if (!inserted) {
                throw new HttpException(409, CONFLICT, "appid " + appid + " is taken", Map.of(), null);
            }
            return registry.changed(appid);
        }).then(done -> new Rotated(record, new AppCredentials(appid, secretId, secret)));
    }

    Promise<AppRecord> get(String appid) {
        return store.find(appid).then(found -> {
            if (found == null) {
                throw noSuchApp(appid);
            }
            return found;
        });
    }

    Promise<List<AppRecord>> list(String after, GatewayApp.Status status, int limit) {
        return store.list(after, status, limit);
    }

    /** Sets {@code fields} (already checked) and fulfils with the app as stored afterwards. */
    Promise<AppRecord> update(String appid, Document fields) {
        return store.set(appid, fields, now()).compose(found -> {
            if (!found) {
                throw noSuchApp(appid);
            }
            return registry.changed(appid);
        }).compose(done -> get(appid));
    }

    /**
     * A new secret; the working ones expire after {@code grace} (unless they expire sooner), and
     * those already expired are dropped.
     */
    Promise<Rotated> rotate(String appid, Duration grace) {
        String secretId = Secrets.secretId();
        String secret = Secrets.random();
        String sealed = cipher.seal(secret, appid, secretId);
        return changeSecrets(appid, (app, now) -> {
            Instant end = now.plus(grace);
            List<StoredSecret> kept = new ArrayList<>();
            for (StoredSecret s : app.validSecrets(now)) {
                StoredSecret ending = s.expiresAt() == null || s.expiresAt().isAfter(end) ? s.expiringAt(end) : s;
                if (ending.validAt(now)) {
                    kept.add(ending);
                }
            }
            if (kept.size() >= MAX_SECRETS) {
                throw new HttpException(409, CONFLICT, "app " + appid + " already has " + kept.size()
                        + " working secrets; revoke one or rotate with a shorter grace", Map.of(), null);
            }
            kept.add(new StoredSecret(secretId, sealed, now, null));
            return kept;
        }, WRITE_ATTEMPTS).then(app -> new Rotated(app, new AppCredentials(appid, secretId, secret)));
    }

    /** Removes the secret {@code secretId} now; the tokens it obtained stop working with it. */
    Promise<AppRecord> revoke(String appid, String secretId) {
        return changeSecrets(appid, (app, now) -> {
            if (app.secrets().stream().noneMatch(s -> s.id().equals(secretId))) {
                throw new HttpException(404, NOT_FOUND, "app " + appid + " has no secret " + secretId, Map.of(), null);
            }
            return app.secrets().stream().filter(s -> !s.id().equals(secretId) && s.validAt(now)).toList();
        }, WRITE_ATTEMPTS);
    }

    private interface SecretChange {
        List<StoredSecret> apply(AppRecord app, Instant now);
    }

    /** Read, change, write if nobody wrote meanwhile; else again, a few times. */
    private Promise<AppRecord> changeSecrets(String appid, SecretChange change, int attempts) {
        return get(appid).compose(app -> {
            Instant now = now();
            return store.replaceSecrets(app, change.apply(app, now), now);
        }).compose(written -> {
            if (written) {
                return registry.changed(appid).compose(done -> get(appid));
            }
            if (attempts <= 1) {
                throw new HttpException(409, CONFLICT, "app " + appid + " is being changed by another call; retry",
                        Map.of(), null);
            }
            return changeSecrets(appid, change, attempts - 1);
        });
    }

    /** Now, at the millisecond precision MongoDB stores, so what is answered equals what is read back. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static HttpException noSuchApp(String appid) {
        return new HttpException(404, NOT_FOUND, "no app " + appid, Map.of(), null);
    }
}
