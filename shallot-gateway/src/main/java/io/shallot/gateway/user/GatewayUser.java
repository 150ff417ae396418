package io.shallot.gateway.user;

import java.time.Instant;
import java.util.Objects;

/**
 * The end user a verified user token speaks for.
 *
 * @param id        the token's {@code sub}: 1 to 128 visible ASCII characters, forwarded to the
 *                  upstream as {@code X-Shallot-User}
 * @param expiresAt the token's {@code exp}
 */
public record GatewayUser(String id, Instant expiresAt) {
    public GatewayUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
