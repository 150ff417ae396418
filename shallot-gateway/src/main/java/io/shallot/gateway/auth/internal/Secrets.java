package io.shallot.gateway.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random credentials and the two ways they are compared: client secrets and access tokens are
 * 32 bytes from {@link SecureRandom} in unpadded base64url (43 characters); comparisons take the
 * same time wherever the inputs differ. Thread-safe.
 */
public final class Secrets {
    private static final int LENGTH = 43;
    private static final MessageDigest SHA256 = sha256Prototype();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /**
     * Whether {@code value} has the shape of a secret or token: 43 characters of base64url. Checked
     * on every call with a token, so by hand rather than with a regular expression.
     */
    public static boolean hasShape(String value) {
        if (value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private Secrets() {
    }

    /** A new client secret or access token. */
    public static String random() {
        return randomText(32);
    }

    /** A new secret id, public like an appid: {@code sec_} and 12 characters. */
    public static String secretId() {
        return "sec_" + randomText(9);
    }

    /** A new appid: {@code app_} and 16 characters. */
    public static String appid() {
        return "app_" + randomText(12);
    }

    public static String randomText(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return BASE64URL.encodeToString(raw);
    }

    public static byte[] randomBytes(int count) {
        byte[] raw = new byte[count];
        RANDOM.nextBytes(raw);
        return raw;
    }

    public static byte[] sha256(byte[] input) {
        try {
            return ((MessageDigest) SHA256.clone()).digest(input);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    /**
     * Every authenticated call hashes its token: cloning this never-updated digest skips the
     * provider lookup and algorithm checks of {@link MessageDigest#getInstance} per call.
     */
    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String sha256Hex(byte[] input) {
        return HexFormat.of().formatHex(sha256(input));
    }

    public static String sha256Hex(String input) {
        return sha256Hex(input.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code given} equals {@code expected}, in a time that depends on neither's content
     * nor length: both are hashed first, and the digests compared with
     * {@link MessageDigest#isEqual}.
     */
    public static boolean same(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(given.getBytes(StandardCharsets.UTF_8)),
                sha256(expected.getBytes(StandardCharsets.UTF_8)));
    }
}
