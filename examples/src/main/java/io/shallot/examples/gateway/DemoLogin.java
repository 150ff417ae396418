package io.shallot.examples.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.shallot.gateway.user.UserSettings;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * The demo's stand-in for a company's login service: an HS256 key made at each start, which the
 * gateway verifies user tokens with, and tokens signed with it. A real deployment gives the gateway
 * its login service's public key (RS256 or ES256) in {@code gateway.users.keys}, and no gateway
 * process holds a signing key.
 */
final class DemoLogin {
    static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserSettings users;
    private final String kid;
    private final MACSigner signer;

    private DemoLogin(UserSettings users, String kid, MACSigner signer) {
        this.users = users;
        this.kid = kid;
        this.signer = signer;
    }

    /** Keeps the config's issuer and audience, which the demo's tokens then carry. */
    static DemoLogin create(UserSettings configured) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String kid = "demo-" + Instant.now().getEpochSecond();
        UserSettings users = configured.withKeys(List.of(new UserSettings.Key(kid, "HS256",
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret), null)));
        try {
            return new DemoLogin(users, kid, new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("a 256-bit HS256 key was refused", e);
        }
    }

    UserSettings users() {
        return users;
    }

    String token(String user) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(users.issuer()).subject(user)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME)));
        if (users.audience() != null) {
            claims.audience(users.audience());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a demo user token failed", e);
        }
        return jwt.serialize();
    }
}
