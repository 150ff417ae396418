package io.shallot.gateway.auth.internal;

import io.lettuce.core.SetArgs;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.auth.Signer;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.web.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the signature of a request from a signed app (format in {@link Signer}), in this order:
 * headers well formed, timestamp within the window, signature made by one of the app's working
 * secrets, and only then the nonce, remembered in Redis with {@code SET NX} under
 * {@code <prefix>gateway:nonce:<appid>:<nonce>} for as long as its timestamp stays acceptable
 * (until {@code timestamp + window}), so unsigned junk never fills Redis with nonces.
 *
 * <p>The body is hashed, so it is read in full with {@code ctx.readBody()} (within the server's
 * body limit: 413), but only once the headers passed their checks; the proxy then sends the bytes
 * read. Threading: call on the request's loop; the promise settles there. Errors: a refusal rejects
 * with the matching {@link Refusal} and a {@code WWW-Authenticate} header; a Redis failure rejects
 * with Lettuce's exception.
 */
public final class SignatureCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SignatureCheck.class);
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{1,12}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
    private static final String NONCE_KEY = "gateway:nonce:";

    private final Redis redis;
    private final SecretCipher cipher;
    private final Duration window;

    public SignatureCheck(Redis redis, SecretCipher cipher, Duration window) {
        this.redis = redis;
        this.cipher = cipher;
        this.window = window;
    }

    public Promise<Void> verify(Context ctx, AppRecord app) {
        String timestamp = ctx.header(Signer.TIMESTAMP);
        String nonce = ctx.header(Signer.NONCE);
        String signature = ctx.header(Signer.SIGNATURE);
        if (timestamp == null || nonce == null || signature == null) {
            throw Challenges.badSignature(Refusal.BAD_SIGNATURE, "this app signs its requests: " + Signer.TIMESTAMP
                    + ", " + Signer.NONCE + " and " + Signer.SIGNATURE + " are required");
        }
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            throw Challenges.badSignature(Refusal.BAD_SIGNATURE, Signer.TIMESTAMP + " must be Unix time in seconds");
        }
        if (!NONCE.matcher(nonce).matches()) {
            throw Challenges.badSignature(Refusal.BAD_SIGNATURE, Signer.NONCE
                    + " must be 16 to 64 characters of A-Z, a-z, 0-9, '-' and '_'");
        }
        if (!SIGNATURE.matcher(signature).matches()) {
            throw Challenges.badSignature(Refusal.BAD_SIGNATURE, Signer.SIGNATURE
                    + " must be the lower-case hex of an HMAC-SHA256");
        }
        long seconds = Long.parseLong(timestamp);
        long now = Instant.now().getEpochSecond();
        if (Math.abs(now - seconds) > window.toSeconds()) {
            throw Challenges.badSignature(Refusal.STALE_SIGNATURE, Refusal.STALE_SIGNATURE.message() + " of "
                    + window.toSeconds() + " s");
        }
        return ctx.readBody().compose(body -> {
            String canonical;
            try {
                canonical = Canonical.request(ctx.method(), ctx.path(), ctx.querystring(), body.bytes(), timestamp, nonce);
            } catch (IllegalArgumentException e) {
                throw Challenges.badSignature(Refusal.BAD_SIGNATURE, "the request target cannot be canonicalised: "
                        + e.getMessage());
            }
            if (!signedByAnyWorkingSecret(app, canonical, signature)) {
                throw Challenges.badSignature(Refusal.BAD_SIGNATURE, Refusal.BAD_SIGNATURE.message());
            }
            return remember(app.appid(), nonce, (seconds + window.toSeconds() - now + 1) * 1000);
        });
    }

    private boolean signedByAnyWorkingSecret(AppRecord app, String canonical, String signature) {
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (StoredSecret secret : app.validSecrets(Instant.now())) {
            String plain;
            try {
                plain = cipher.open(secret.sealed(), app.appid(), secret.id());
            } catch (IllegalStateException e) {
                LOG.error(e.getMessage());
                continue;
            }
            byte[] expected = Canonical.hmacHex(plain, canonical).getBytes(StandardCharsets.US_ASCII);
            match |= MessageDigest.isEqual(given, expected);
        }
        return match;
    }

    private Promise<Void> remember(String appid, String nonce, long forMillis) {
        Loop loop = Loop.current();
        CompletableFuture<String> set = redis.commands()
                .set(redis.key(NONCE_KEY + appid + ":" + nonce), "1", SetArgs.Builder.nx().px(Math.max(1000, forMillis)))
                .toCompletableFuture();
        return Promise.from(loop, set).then(ok -> {
            if (ok == null) {
                throw Challenges.badSignature(Refusal.REPLAYED_NONCE, Refusal.REPLAYED_NONCE.message());
            }
            return null;
        });
    }
}
