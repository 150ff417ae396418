package io.shallot.gateway.auth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals app secrets for storage with AES-256-GCM under the gateway's master key. Secrets are
 * encrypted rather than hashed because request signing needs the plain secret as its HMAC key.
 *
 * <p>Format: {@code v1:} then base64url of a random 12-byte IV followed by the ciphertext and its
 * 16-byte tag. The additional authenticated data is {@code appid/secretId}, so a sealed secret
 * copied into another app or under another id does not open.
 *
 * <p>Thread-safe: a {@link Cipher} is made per call.
 */
public final class SecretCipher {
    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    public SecretCipher(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes, got " + masterKey.length);
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
    }

    public String seal(String plain, String appid, String secretId) {
        byte[] iv = Secrets.randomBytes(IV_BYTES);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, appid, secretId);
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
        }
    }

    /**
     * The plain secret.
     *
     * @throws IllegalStateException when it does not open: another master key, another app or id,
     *                               or a damaged value (the message says which secret, never its value)
     */
    public String open(String sealed, String appid, String secretId) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw unreadable(appid, secretId);
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
            if (raw.length <= IV_BYTES) {
                throw unreadable(appid, secretId);
            }
            byte[] iv = Arrays.copyOf(raw, IV_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, iv, appid, secretId);
            return new String(cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw unreadable(appid, secretId);
        }
    }

    private Cipher cipher(int mode, byte[] iv, String appid, String secretId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD((appid + "/" + secretId).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static IllegalStateException unreadable(String appid, String secretId) {
        return new IllegalStateException("secret " + secretId + " of app " + appid
                + " does not decrypt under the configured master key (was the key changed?)");
    }
}
