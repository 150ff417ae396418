package io.shallot.gateway.user;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The end user a verified user token speaks for.
 *
 * @param id        the token's {@code sub}: 1 to 128 visible ASCII characters (see {@link #isId}),
 *                  forwarded to the upstream as {@code X-Shallot-User}
 * @param issuedAt  the token's {@code iat}, or null when it has none; what a revocation is
 *                  compared with (see {@link UserRevocations})
 * @param expiresAt the token's {@code exp}
 */
public record GatewayUser(String id, Instant issuedAt, Instant expiresAt) {
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    public GatewayUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether {@code id} can be a user's: 1 to 128 visible ASCII characters, so it fits a header and a Redis key. */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
