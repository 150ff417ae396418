package io.shallot.gateway.user;

import io.shallot.gateway.user.internal.KeyMaterial;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the gateway verifies the end user's token, issued by the company's login service; bind it
 * strictly from {@code gateway.users}. Without {@code keys} it is off: a route may then not ask
 * for a user. A token is a compact JWS signed with one of {@code keys}; see {@link UserIdentity}
 * for what is checked and what the upstream receives.
 *
 * <pre>
 * gateway:
 *   users:
 *     issuer: https://login.example.com
 *     audience: open-api
 *     keys:
 *       - {kid: 2024-06, alg: RS256, publicKey: "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----"}
 *       - {kid: 2024-01, alg: HS256, secret: ...}
 * </pre>
 *
 * <p>Revocation: a token stays good until its {@code exp} (the gateway caches it as verified until
 * then) unless its user is revoked. An operator blocks a user through the admin API
 * ({@code PUT /admin/users/:sub/revocation}): every token of that user issued before an instant
 * (default now, at most {@code maxTokenLifetime} ahead), and every token of theirs without
 * {@code iat}, is refused with 401 {@code REVOKED_USER_TOKEN} by every gateway process within a
 * Redis message's travel; the user signs in again. A revocation is kept in Redis, and in each
 * process's memory, until that instant plus {@code maxTokenLifetime + clockSkew}, when every token
 * it could refuse has expired; see {@link UserRevocations}. {@code maxTokenLifetime} thus also
 * bounds how far ahead a revocation may reach and how long one is kept.
 *
 * @param issuer           the {@code iss} every token must carry; required when keys are configured
 * @param audience         when set, the {@code aud} every token must contain
 * @param header           the request header that carries the token, default
 *                         {@value #DEFAULT_HEADER}; the query parameter {@value #PARAMETER} is
 *                         accepted too (a browser's {@code EventSource} cannot set headers)
 * @param clockSkew        how far the login service's clock may be from the gateway's, for
 *                         {@code exp}, {@code nbf} and {@code iat}; default 30 s
 * @param maxTokenLifetime the longest {@code exp - iat} accepted (from now when the token has no
 *                         {@code iat}); default 24 h. A token without {@code exp} is refused
 * @param keys             the keys tokens are signed with; several during a rotation, each then
 *                         with its distinct {@code kid} (a token names its key in its header)
 */
public record UserSettings(String issuer, String audience, String header, Duration clockSkew,
                           Duration maxTokenLifetime, List<Key> keys) {
    public static final String DEFAULT_HEADER = "X-User-Token";
    public static final String PARAMETER = "user_token";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofHours(24);
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /**
     * One verification key.
     *
     * @param kid       the key id a token names in its header; required when there are several keys
     * @param alg       {@code HS256}, {@code RS256} or {@code ES256}; a token must be signed with
     *                  exactly this algorithm
     * @param secret    for HS256: the shared secret in base64 or base64url, at least 32 bytes
     *                  ({@code openssl rand -base64 32}); its decoded bytes are the HMAC key
     * @param publicKey for RS256 (RSA, at least 2048 bits) and ES256 (EC on P-256): the login
     *                  service's public key in PEM, {@code -----BEGIN PUBLIC KEY-----}
     */
    public record Key(String kid, String alg, String secret, String publicKey) {
        public Key {
            kid = kid == null || kid.isBlank() ? null : kid.strip();
            alg = alg == null || alg.isBlank() ? null : alg.strip().toUpperCase(Locale.ROOT);
            secret = secret == null || secret.isBlank() ? null : secret.strip();
            publicKey = publicKey == null || publicKey.isBlank() ? null : publicKey.strip();
            KeyMaterial.verifier(kid, alg, secret, publicKey);
        }

        /** Without the secret, so settings can be logged. */
        @Override
        public String toString() {
            return "Key[kid=" + kid + ", alg=" + alg + (secret != null ? ", secret=***" : "")
                    + (publicKey != null ? ", publicKey=PEM" : "") + "]";
        }
    }

    public UserSettings {
        issuer = issuer == null || issuer.isBlank() ? null : issuer.strip();
        audience = audience == null || audience.isBlank() ? null : audience.strip();
        header = header == null || header.isBlank() ? DEFAULT_HEADER : header.strip();
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
        maxTokenLifetime = maxTokenLifetime == null ? DEFAULT_MAX_TOKEN_LIFETIME : maxTokenLifetime;
        keys = keys == null ? List.of() : List.copyOf(keys);
        if (!HEADER_NAME.matcher(header).matches()) {
            throw new IllegalArgumentException("header must be an HTTP header name, got '" + header + "'");
        }
        if (header.equalsIgnoreCase("Authorization") || header.regionMatches(true, 0, "X-Shallot-", 0, 10)) {
            throw new IllegalArgumentException("header must not be Authorization (the app's token) or an X-Shallot-*"
                    + " header (the gateway's own), got '" + header + "'");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative, got " + clockSkew);
        }
        if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
            throw new IllegalArgumentException("maxTokenLifetime must be positive, got " + maxTokenLifetime);
        }
        if (!keys.isEmpty() && issuer == null) {
            throw new IllegalArgumentException("issuer is required with keys: the iss of the login service's tokens");
        }
        Set<String> kids = new HashSet<>();
        for (Key key : keys) {
            if (key.kid() == null && keys.size() > 1) {
                throw new IllegalArgumentException("keys: every key needs a kid when there are several (a token names"
                        + " its key by kid)");
            }
            if (key.kid() != null && !kids.add(key.kid())) {
                throw new IllegalArgumentException("keys: kid '" + key.kid() + "' is configured twice");
            }
        }
    }

    /** No keys: user tokens are not verified and no route may ask for a user. */
    public static UserSettings disabled() {
        return new UserSettings(null, null, null, null, null, null);
    }

    /** Tokens from {@code issuer} signed with {@code keys}, every other field at its default. */
    public static UserSettings of(String issuer, List<Key> keys) {
        return new UserSettings(issuer, null, null, null, null, keys);
    }

    /** Whether user tokens can be verified, i.e. keys are configured. */
    public boolean enabled() {
        return !keys.isEmpty();
    }

    public UserSettings withAudience(String value) {
        return new UserSettings(issuer, value, header, clockSkew, maxTokenLifetime, keys);
    }

    public UserSettings withHeader(String value) {
        return new UserSettings(issuer, audience, value, clockSkew, maxTokenLifetime, keys);
    }

    public UserSettings withClockSkew(Duration value) {
        return new UserSettings(issuer, audience, header, value, maxTokenLifetime, keys);
    }

    public UserSettings withMaxTokenLifetime(Duration value) {
        return new UserSettings(issuer, audience, header, clockSkew, value, keys);
    }

    public UserSettings withKeys(List<Key> value) {
        return new UserSettings(issuer, audience, header, clockSkew, maxTokenLifetime, value);
    }
}
