package io.shallot.gateway.auth.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * One client secret of an app as stored: its public id, the secret sealed by {@link SecretCipher},
 * when it was made and, once rotated out, when it stops working.
 */
public record StoredSecret(String id, String sealed, Instant createdAt, Instant expiresAt) {
    public StoredSecret {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether it works at {@code now}: never rotated out, or rotated out with time left. */
    public boolean validAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    public StoredSecret expiringAt(Instant when) {
        return new StoredSecret(id, sealed, createdAt, when);
    }

    @Override
    public String toString() {
        return "StoredSecret[" + id + ", expires " + (expiresAt == null ? "never" : expiresAt) + "]";
    }
}
