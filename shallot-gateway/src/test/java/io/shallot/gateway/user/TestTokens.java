package io.shallot.gateway.user;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Keys and tokens as the company's login service would make them, minted with nimbus. */
public final class TestTokens {
    public static final String ISSUER = "https://login.test";

    private TestTokens() {
    }

    public static byte[] secret(int bytes) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public static UserSettings.Key hs256(String kid, byte[] secret) {
        return new UserSettings.Key(kid, "HS256", Base64.getEncoder().encodeToString(secret), null);
    }

    public static UserSettings.Key rs256(String kid, KeyPair pair) {
        return new UserSettings.Key(kid, "RS256", null, pem(pair.getPublic()));
    }

    public static UserSettings.Key es256(String kid, KeyPair pair) {
        return new UserSettings.Key(kid, "ES256", null, pem(pair.getPublic()));
    }

    public static JWSSigner hmac(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWSSigner signer(KeyPair pair) {
        try {
            return pair.getPrivate() instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(pair.getPrivate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a good token for {@code sub} at {@code now}: the test issuer, issued now, for ten minutes. */
    public static JWTClaimsSet.Builder claims(String sub, Instant now) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(sub).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    public static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(alg).keyID(kid).build(), signer, claims);
    }

    public static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A good HS256 token for {@code sub} at {@code now}, its claims changed by {@code change}. */
    public static String hs256(String kid, byte[] secret, String sub, Instant now, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(JWSAlgorithm.HS256, kid, hmac(secret), change.apply(claims(sub, now)).build());
    }
}
