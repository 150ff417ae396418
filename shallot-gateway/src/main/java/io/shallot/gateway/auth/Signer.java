package io.shallot.gateway.auth;

import io.shallot.gateway.auth.internal.Canonical;
import io.shallot.gateway.auth.internal.Secrets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs requests for an app whose calls must be signed ({@code signed: true}): the client side of
 * what {@link GatewayAuth#authenticate()} checks. A signed call still carries its access token.
 *
 * <h2>The canonical request</h2>
 * Seven lines joined by {@code \n} (no trailing newline), UTF-8:
 * <pre>
 * SHALLOT-HMAC-SHA256
 * METHOD                  the method, upper case
 * /canonical/path         the raw path split on '/', each segment percent-decoded, then encoded again
 * a=1&amp;b=x%20y             the raw query: pairs split on '&amp;' (empty ones skipped) and on their first
 *                         '=' (none: empty value), '+' and %XX decoded, encoded again, sorted by name
 *                         then value, joined as name=value with '&amp;'; empty line when there is none
 * e3b0c442...b855         lower-case hex SHA-256 of the body bytes (of nothing for no body)
 * 1700000000              the timestamp, Unix seconds, as in the header
 * 3q2-7wEjRVZ4mr3v        the nonce, as in the header
 * </pre>
 * "Encoded again" means: the bytes {@code A-Z a-z 0-9 - . _ ~} as they are, every other byte as
 * {@code %XX} with upper-case hex. So {@code /a%7eb/c d} and {@code /a~b/c%20d} sign alike, and
 * so do {@code ?b=2&a=1} and {@code ?a=1&b=2}; the whole query counts, {@code access_token}
 * included.
 *
 * <h2>Headers</h2>
 * {@value #TIMESTAMP}: the Unix time in seconds; {@value #NONCE}: 16 to 64 characters of
 * {@code A-Z a-z 0-9 - _}, never reused; {@value #SIGNATURE}: lower-case hex of
 * HMAC-SHA256(key = the app's client secret as UTF-8 text, message = the canonical request). Any
 * secret of the app that currently works may sign.
 *
 * <h2>What the gateway refuses</h2>
 * A missing or malformed header, or a signature no secret produces: {@code BAD_SIGNATURE}. A
 * timestamp more than {@link AuthSettings#signatureWindow()} (default 5 min) from the gateway's
 * clock: {@code STALE_SIGNATURE}. A nonce seen before within that window: {@code REPLAYED_NONCE}.
 *
 * <p>Thread-safe; holds the secret, so do not log it.
 */
public final class Signer {
    public static final String TIMESTAMP = "X-Shallot-Timestamp";
    public static final String NONCE = "X-Shallot-Nonce";
    public static final String SIGNATURE = "X-Shallot-Signature";

    private final String secret;

    public Signer(String secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /**
     * The three headers for a request sent now with a fresh nonce.
     *
     * @param target the path and query exactly as sent, e.g. {@code /v1/contents?limit=10}
     */
    public Map<String, String> sign(String method, String target, byte[] body) {
        return sign(method, target, body, Instant.now().getEpochSecond(), Secrets.randomText(16));
    }

    /** The three headers for the given timestamp and nonce. */
    public Map<String, String> sign(String method, String target, byte[] body, long timestamp, String nonce) {
        String canonical = canonical(method, target, body, timestamp, nonce);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TIMESTAMP, Long.toString(timestamp));
        headers.put(NONCE, nonce);
        headers.put(SIGNATURE, Canonical.hmacHex(secret, canonical));
        return headers;
    }

    /**
     * The canonical request (see the class doc), for comparing with another client's.
     *
     * @throws IllegalArgumentException when {@code target} holds a malformed percent escape
     */
    public static String canonical(String method, String target, byte[] body, long timestamp, String nonce) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);
        return Canonical.request(method, path, query, body == null ? new byte[0] : body, Long.toString(timestamp), nonce);
    }

    @Override
    public String toString() {
        return "Signer[***]";
    }
}
