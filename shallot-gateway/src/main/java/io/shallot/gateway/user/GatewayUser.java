package io.shallot.gateway.user;

import io.shallot.web.middleware.TrustedUser;
import java.time.Instant;
import java.util.Objects;

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
    public GatewayUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * Whether {@code id} can be a user's: 1 to 128 visible ASCII characters, so it fits a header and a
     * Redis key; the rule the services behind the gateway hold the header to ({@link TrustedUser}).
     */
    public static boolean isId(String id) {
        return TrustedUser.isUserId(id);
    }
}
