package io.shallot.gateway.auth;

import java.time.Duration;
import java.util.Base64;

/**
 * How the gateway authenticates apps; bind it from the {@code gateway.auth} config section with
 * {@code config.view("gateway.auth", AuthSettings.class)}. Absent values take the defaults below.
 *
 * @param tokenTtl           how long an access token works, default 2 h
 * @param expiredMarkerGrace how long after its expiry a token is still recognised, so a client is
 *                           told {@code EXPIRED_TOKEN} (and fetches a new one) rather than
 *                           {@code INVALID_TOKEN}; default 1 h. Redis keeps the token for
 *                           {@code tokenTtl + expiredMarkerGrace}
 * @param signatureWindow    how far a signed request's timestamp may be from the gateway's clock,
 *                           either way, default 5 min; nonces are remembered as long as their
 *                           timestamp is acceptable
 * @param rotationGrace      how long the previous secrets keep working after a rotation, default
 *                           24 h (an admin call may pass its own)
 * @param adminToken         the bearer credential of the {@code /admin} API, at least 16
 *                           characters; when absent the admin API refuses every call
 * @param masterKey          32 random bytes in base64 ({@code openssl rand -base64 32}): the
 *                           AES-256-GCM key that encrypts app secrets in MongoDB. Production must
 *                           set it, the same on every gateway process. When absent, a development
 *                           key is read from {@code masterKeyFile}, which is created with a random
 *                           key (readable by its owner only) the first time, and a warning names the
 *                           file; processes on one host then share it
 * @param masterKeyFile      where the development master key lives, default
 *                           {@value #DEFAULT_MASTER_KEY_FILE} (relative to the working directory)
 * @param appCacheTtl        how long an app stays in a process's local cache, default 60 s.
 *                           Changes reach every process at once through Redis pub/sub; this only
 *                           bounds how long a change can go unseen while that channel is down
 * @param tokenCacheTtl      how long a process remembers a token it has looked up in Redis
 *                           (bounded by the token's expiry), default 30 s; 0 turns the local
 *                           token cache off
 * @param tokenFailures      how many failed {@code POST /oauth/token} calls one client_id may make
 *                           from one address within {@code tokenFailureWindow}, default 10; past it
 *                           the token endpoint answers 429 until the window ends, even to the right
 *                           secret. Counted in Redis, so across every gateway process; keyed by
 *                           address too, so a stranger guessing cannot lock the app's own servers out
 * @param tokenFailureWindow the window of {@code tokenFailures}, default 1 min, starting at the first
 *                           failure; a successful token request clears the count
 */
public record AuthSettings(Duration tokenTtl, Duration expiredMarkerGrace, Duration signatureWindow,
                           Duration rotationGrace, String adminToken, String masterKey, String masterKeyFile,
                           Duration appCacheTtl, Duration tokenCacheTtl, Integer tokenFailures,
                           Duration tokenFailureWindow) {
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(2);
    public static final Duration DEFAULT_EXPIRED_MARKER_GRACE = Duration.ofHours(1);
    public static final Duration DEFAULT_SIGNATURE_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_ROTATION_GRACE = Duration.ofHours(24);
    public static final String DEFAULT_MASTER_KEY_FILE = "data/gateway/master.key";
    public static final Duration DEFAULT_APP_CACHE_TTL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TOKEN_CACHE_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_TOKEN_FAILURES = 10;
    public static final Duration DEFAULT_TOKEN_FAILURE_WINDOW = Duration.ofMinutes(1);
    public static final int MIN_ADMIN_TOKEN_LENGTH = 16;
    public static final int MASTER_KEY_BYTES = 32;

    public AuthSettings {
        tokenTtl = orDefault(tokenTtl, DEFAULT_TOKEN_TTL);
        expiredMarkerGrace = orDefault(expiredMarkerGrace, DEFAULT_EXPIRED_MARKER_GRACE);
        signatureWindow = orDefault(signatureWindow, DEFAULT_SIGNATURE_WINDOW);
        rotationGrace = orDefault(rotationGrace, DEFAULT_ROTATION_GRACE);
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.trim();
        masterKey = masterKey == null || masterKey.isBlank() ? null : masterKey.trim();
        masterKeyFile = masterKeyFile == null || masterKeyFile.isBlank() ? DEFAULT_MASTER_KEY_FILE : masterKeyFile;
        appCacheTtl = orDefault(appCacheTtl, DEFAULT_APP_CACHE_TTL);
        tokenCacheTtl = orDefault(tokenCacheTtl, DEFAULT_TOKEN_CACHE_TTL);
        tokenFailures = tokenFailures == null ? DEFAULT_TOKEN_FAILURES : tokenFailures;
        tokenFailureWindow = orDefault(tokenFailureWindow, DEFAULT_TOKEN_FAILURE_WINDOW);
        requirePositive("tokenTtl", tokenTtl);
        requireNotNegative("expiredMarkerGrace", expiredMarkerGrace);
        requirePositive("signatureWindow", signatureWindow);
        requireNotNegative("rotationGrace", rotationGrace);
        requirePositive("appCacheTtl", appCacheTtl);
        requireNotNegative("tokenCacheTtl", tokenCacheTtl);
        if (tokenFailures < 1) {
            throw new IllegalArgumentException("tokenFailures must be at least 1, got " + tokenFailures);
        }
        if (tokenFailureWindow.toMillis() < 1) {
            throw new IllegalArgumentException("tokenFailureWindow must be at least 1ms, got " + tokenFailureWindow);
        }
        if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("adminToken must be at least " + MIN_ADMIN_TOKEN_LENGTH
                    + " characters (use a random one, e.g. openssl rand -base64 24)");
        }
        if (masterKey != null) {
            masterKeyBytes(masterKey);
        }
    }

    /** Every default: no admin token (the admin API refuses all calls) and the development master key. */
    public static AuthSettings defaults() {
        return new AuthSettings(null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The 32 bytes of a base64 (standard or URL-safe) master key.
     *
     * @throws IllegalArgumentException naming the problem, never quoting the key
     */
    public static byte[] masterKeyBytes(String base64) {
        byte[] key;
        try {
            key = base64.contains("-") || base64.contains("_")
                    ? Base64.getUrlDecoder().decode(base64) : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("masterKey is not valid base64 (generate one with openssl rand -base64 32)");
        }
        if (key.length != MASTER_KEY_BYTES) {
            throw new IllegalArgumentException("masterKey must be " + MASTER_KEY_BYTES + " bytes in base64, got "
                    + key.length + " bytes (generate one with openssl rand -base64 32)");
        }
        return key;
    }

    public AuthSettings withTokenTtl(Duration tokenTtl) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    public AuthSettings withExpiredMarkerGrace(Duration expiredMarkerGrace) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    public AuthSettings withSignatureWindow(Duration signatureWindow) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    public AuthSettings withRotationGrace(Duration rotationGrace) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    public AuthSettings withAdminToken(String adminToken) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    public AuthSettings withMasterKey(String masterKey) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    public AuthSettings withMasterKeyFile(String masterKeyFile) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    public AuthSettings withAppCacheTtl(Duration appCacheTtl) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    public AuthSettings withTokenCacheTtl(Duration tokenCacheTtl) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    public AuthSettings withTokenFailures(int tokenFailures, Duration tokenFailureWindow) {
        return new AuthSettings(tokenTtl, expiredMarkerGrace, signatureWindow, rotationGrace, adminToken, masterKey,
                masterKeyFile, appCacheTtl, tokenCacheTtl, tokenFailures, tokenFailureWindow);
    }

    /** Without the admin token and the master key, so settings can be logged. */
    @Override
    public String toString() {
        return "AuthSettings[tokenTtl=" + tokenTtl + ", expiredMarkerGrace=" + expiredMarkerGrace
                + ", signatureWindow=" + signatureWindow + ", rotationGrace=" + rotationGrace
                + ", adminToken=" + (adminToken == null ? "unset" : "***") + ", masterKey="
                + (masterKey == null ? "unset (development key in " + masterKeyFile + ")" : "***")
                + ", appCacheTtl=" + appCacheTtl + ", tokenCacheTtl=" + tokenCacheTtl + ", tokenFailures=" + tokenFailures
                + ", tokenFailureWindow=" + tokenFailureWindow + "]";
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void requireNotNegative(String name, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }
}
