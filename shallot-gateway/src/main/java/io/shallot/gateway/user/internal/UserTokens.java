package io.shallot.gateway.user.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.shallot.gateway.user.GatewayUser;
import io.shallot.gateway.user.UserSettings;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies user tokens against {@link UserSettings}: a compact JWS (never a JWE, never
 * {@code alg: none}) whose header names a configured key by {@code kid} (or none, when exactly
 * one key is configured) with exactly that key's {@code alg}, whose signature verifies, and whose
 * claims carry the issuer, the audience when one is configured, a {@code sub} of 1 to 128 visible
 * ASCII characters, an {@code exp} not past and no more than {@code maxTokenLifetime} after
 * {@code iat} (or now), an {@code iat} and an {@code nbf} not in the future; every time with
 * {@code clockSkew} of slack. Longer than {@value #MAX_TOKEN_CHARS} characters: refused unparsed.
 *
 * <p>An expired token is told apart from an invalid one only when everything else checks out, so
 * that "expired" means "get a new one". Verified tokens are remembered, up to
 * {@value #CACHE_ENTRIES}, until they expire ({@code exp} plus the skew, as a fresh check would):
 * a token's signature is checked once per process, not per call.
 *
 * <p>Thread-safe; runs on the request's loop (an RSA or EC check takes tens of microseconds).
 */
public final class UserTokens {
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    static final int CACHE_ENTRIES = 10_000;

    private record VerificationKey(JWSAlgorithm alg, JWSVerifier verifier) {
    }

    private final UserSettings settings;
    private final Clock clock;
    private final Map<String, VerificationKey> byKid = new HashMap<>();
    private final VerificationKey only;
    private final Cache<String, GatewayUser> verified;
    private final LongAdder signatureChecks = new LongAdder();

    public UserTokens(UserSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        VerificationKey single = null;
        for (UserSettings.Key key : settings.keys()) {
            VerificationKey material = new VerificationKey(KeyMaterial.algorithm(key.alg()),
                    KeyMaterial.verifier(key.kid(), key.alg(), key.secret(), key.publicKey()));
            if (key.kid() != null) {
                byKid.put(key.kid(), material);
            }
            single = material;
        }
        this.only = settings.keys().size() == 1 ? single : null;
        this.verified = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(CACHE_ENTRIES)
                .expireAfter(Expiry.<String, GatewayUser>creating((token, user) ->
                        max(Duration.ZERO, Duration.between(clock.instant(), deadline(user)))))
                .build();
    }

    /** The user {@code token} speaks for, or why it is refused. */
    public Verdict verify(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            return Verdict.invalid("longer than " + MAX_TOKEN_CHARS + " characters");
        }
        Instant now = clock.instant();
        GatewayUser known = verified.getIfPresent(token);
        if (known != null) {
            // the cache's own expiry runs on its ticker: the clock decides
            return now.isBefore(deadline(known)) ? Verdict.accepted(known) : expired(known.expiresAt());
        }
        Verdict verdict = check(token, now);
        if (verdict.accepted()) {
            verified.put(token, verdict.user());
        }
        return verdict;
    }

    /** How many signatures this process has checked: a cached token costs none. */
    public long signatureChecks() {
        return signatureChecks.sum();
    }

    private Verdict check(String token, Instant now) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Verdict.invalid("not a compact JWS with a signature algorithm");
        }
        JWSHeader header = jwt.getHeader();
        String kid = header.getKeyID();
        VerificationKey key = kid == null ? only : byKid.get(kid);
        if (key == null) {
            return Verdict.invalid(kid == null ? "no kid, and several keys are configured"
                    : "its kid names no configured key");
        }
        if (!key.alg().equals(header.getAlgorithm())) {
            return Verdict.invalid("its alg is not its key's " + key.alg());
        }
        signatureChecks.increment();
        try {
            if (!jwt.verify(key.verifier())) {
                return Verdict.invalid("the signature does not verify");
            }
        } catch (JOSEException e) {
            return Verdict.invalid("the signature cannot be checked: " + e.getMessage());
        }
        try {
            return claims(jwt.getJWTClaimsSet(), now);
        } catch (ParseException e) {
            return Verdict.invalid("its payload is not a JWT claims set");
        }
    }

    private Verdict claims(JWTClaimsSet claims, Instant now) {
        if (!settings.issuer().equals(claims.getIssuer())) {
            return Verdict.invalid("iss is not " + settings.issuer());
        }
        List<String> audience = claims.getAudience();
        if (settings.audience() != null && !audience.contains(settings.audience())) {
            return Verdict.invalid("aud does not contain " + settings.audience());
        }
        String subject = claims.getSubject();
        if (!GatewayUser.isId(subject)) {
            return Verdict.invalid("sub is missing or not 1 to 128 visible ASCII characters");
        }
        Instant expires = instant(claims.getExpirationTime());
        if (expires == null) {
            return Verdict.invalid("it has no exp");
        }
        Instant issued = instant(claims.getIssueTime());
        if (Duration.between(issued == null ? now : issued, expires).compareTo(settings.maxTokenLifetime()) > 0) {
            return Verdict.invalid("it lives longer than maxTokenLifetime " + settings.maxTokenLifetime());
        }
        Instant latest = now.plus(settings.clockSkew());
        if (issued != null && issued.isAfter(latest)) {
            return Verdict.invalid("its iat " + issued + " is in the future");
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        if (notBefore != null && notBefore.isAfter(latest)) {
            return Verdict.invalid("it is not valid before " + notBefore);
        }
        GatewayUser user = new GatewayUser(subject, issued, expires);
        return now.isBefore(deadline(user)) ? Verdict.accepted(user) : expired(expires);
    }

    private Instant deadline(GatewayUser user) {
        return user.expiresAt().plus(settings.clockSkew());
    }

    private static Verdict expired(Instant expiresAt) {
        return Verdict.expired("it expired at " + expiresAt);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
