package io.shallot.gateway.auth.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The canonical request that a signature covers; {@link io.shallot.gateway.auth.Signer} documents
 * the format. Both sides build it here, from the request as it travels (raw path and query), so
 * percent-encoding variants and parameter order do not change it. Stateless and thread-safe.
 */
public final class Canonical {
    public static final String ALGORITHM = "SHALLOT-HMAC-SHA256";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Canonical() {
    }

    /**
     * @throws IllegalArgumentException when the path or the query holds a malformed escape
     */
    public static String request(String method, String rawPath, String rawQuery, byte[] body, String timestamp,
                                 String nonce) {
        return ALGORITHM + '\n'
                + method.toUpperCase(Locale.ROOT) + '\n'
                + path(rawPath) + '\n'
                + query(rawQuery) + '\n'
                + Secrets.sha256Hex(body) + '\n'
                + timestamp + '\n'
                + nonce;
    }

    /** Each {@code /}-separated segment decoded, then encoded again; {@code +} stays a plus. */
    static String path(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(rawPath.length() + 8);
        int start = 0;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? rawPath.length() : slash;
            encode(decode(rawPath, start, end, false), out);
            if (slash < 0) {
                return out.toString();
            }
            out.append('/');
            start = slash + 1;
        }
    }

    /**
     * Pairs split on {@code &} (empty ones skipped) and on their first {@code =} (none means an
     * empty value); names and values decoded with {@code +} as a space, encoded again, then sorted
     * by name and value and joined as {@code name=value&...}.
     */
    static String query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            int nameEnd = eq < 0 ? pair.length() : eq;
            StringBuilder encoded = new StringBuilder(pair.length() + 8);
            encode(decode(pair, 0, nameEnd, true), encoded);
            encoded.append('=');
            if (eq >= 0) {
                encode(decode(pair, eq + 1, pair.length(), true), encoded);
            }
            pairs.add(encoded.toString());
        }
        pairs.sort(Canonical::byNameThenValue);
        return String.join("&", pairs);
    }

    private static int byNameThenValue(String a, String b) {
        int ea = a.indexOf('=');
        int eb = b.indexOf('=');
        int byName = a.substring(0, ea).compareTo(b.substring(0, eb));
        return byName != 0 ? byName : a.substring(ea + 1).compareTo(b.substring(eb + 1));
    }

    /** Lower-case hex of HMAC-SHA256 of {@code canonical} (UTF-8) keyed with {@code secret} (UTF-8). */
    public static String hmacHex(String secret, String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static byte[] decode(String s, int from, int to, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    throw new IllegalArgumentException("truncated escape at index " + i);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("malformed escape at index " + i);
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int codePoint = s.codePointAt(i);
                byte[] utf8 = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return out.toByteArray();
    }

    /** RFC 3986 unreserved bytes as they are, every other byte as {@code %XX} (upper case). */
    private static void encode(byte[] bytes, StringBuilder out) {
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }
}
