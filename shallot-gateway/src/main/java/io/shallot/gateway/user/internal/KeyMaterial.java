package io.shallot.gateway.user.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Turns a configured key ({@code gateway.users.keys[i]}) into the nimbus verifier of its one
 * algorithm, or explains what is wrong with it, naming the field and never quoting a secret.
 */
public final class KeyMaterial {
    public static final int MIN_SECRET_BYTES = 32;
    public static final int MIN_RSA_BITS = 2048;
    private static final Map<String, JWSAlgorithm> ALGORITHMS = Map.of(
            "HS256", JWSAlgorithm.HS256, "RS256", JWSAlgorithm.RS256, "ES256", JWSAlgorithm.ES256);
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private KeyMaterial() {
    }

    /** The algorithm a configured (so already checked) {@code alg} names. */
    public static JWSAlgorithm algorithm(String alg) {
        return ALGORITHMS.get(alg);
    }

    /**
     * The verifier of one key.
     *
     * @throws IllegalArgumentException naming the key (by kid) and the field at fault
     */
    public static JWSVerifier verifier(String kid, String alg, String secret, String publicKey) {
        String key = kid == null ? "key" : "key '" + kid + "'";
        if (alg == null) {
            throw new IllegalArgumentException(key + ": alg is required (HS256, RS256 or ES256)");
        }
        JWSAlgorithm algorithm = ALGORITHMS.get(alg);
        if (algorithm == null) {
            throw new IllegalArgumentException(key + ": alg must be HS256, RS256 or ES256, got '" + alg + "'");
        }
        boolean hmac = algorithm.equals(JWSAlgorithm.HS256);
        String needed = hmac ? "secret" : "publicKey";
        if ((hmac ? secret : publicKey) == null) {
            throw new IllegalArgumentException(key + ": " + alg + " needs " + needed);
        }
        if ((hmac ? publicKey : secret) != null) {
            throw new IllegalArgumentException(key + ": " + alg + " takes " + needed + ", not "
                    + (hmac ? "publicKey" : "secret"));
        }
        try {
            if (hmac) {
                return new MACVerifier(secretBytes(key, secret));
            }
            return algorithm.equals(JWSAlgorithm.RS256) ? new RSASSAVerifier(rsa(key, publicKey))
                    : new ECDSAVerifier(p256(key, publicKey));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(key + ": " + needed + " cannot verify " + alg + ": " + e.getMessage(), e);
        }
    }

    private static byte[] secretBytes(String key, String base64) {
        byte[] bytes;
        try {
            bytes = base64.contains("-") || base64.contains("_")
                    ? Base64.getUrlDecoder().decode(base64) : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": secret is not valid base64 or base64url");
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(key + ": secret must be at least " + MIN_SECRET_BYTES + " bytes, got "
                    + bytes.length + " (generate one with openssl rand -base64 32)");
        }
        return bytes;
    }

    private static RSAPublicKey rsa(String key, String pem) {
        RSAPublicKey rsa = (RSAPublicKey) decode(key, pem, "RSA", "RS256");
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new IllegalArgumentException(key + ": publicKey must be an RSA key of at least " + MIN_RSA_BITS
                    + " bits, got " + bits);
        }
        return rsa;
    }

    private static ECPublicKey p256(String key, String pem) {
        ECPublicKey ec = (ECPublicKey) decode(key, pem, "EC", "ES256");
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        if (!Curve.P_256.equals(curve)) {
            throw new IllegalArgumentException(key + ": publicKey must be on curve P-256 for ES256, got "
                    + (curve == null ? "an unknown curve" : curve.getName()));
        }
        return ec;
    }

    private static PublicKey decode(String key, String pem, String type, String alg) {
        String text = pem.strip();
        if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
            throw new IllegalArgumentException(key + ": publicKey must be PEM, from " + PEM_BEGIN + " to " + PEM_END
                    + " (openssl pkey -pubout writes it)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length())
                    .replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": publicKey is not valid PEM: its body is not base64");
        }
        try {
            return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(key + ": publicKey is not an " + type + " public key, which " + alg
                    + " needs");
        }
    }
}
