package io.shallot.gateway.auth.internal;

import io.shallot.gateway.GatewayApp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An app as stored in MongoDB: what the request path sees ({@link GatewayApp}), its display name,
 * its sealed secrets and bookkeeping. Immutable; cached and shared between loops.
 *
 * @param version incremented by every write, so a read-modify-write of the secrets can tell
 *                whether someone else wrote in between
 */
public record AppRecord(GatewayApp app, String name, List<StoredSecret> secrets, Instant createdAt, Instant updatedAt,
                        long version) {
    public AppRecord {
        Objects.requireNonNull(app, "app");
        secrets = List.copyOf(secrets);
    }

    public String appid() {
        return app.appid();
    }

    /** The secrets that work at {@code now}. */
    public List<StoredSecret> validSecrets(Instant now) {
        return secrets.stream().filter(s -> s.validAt(now)).toList();
    }

    /** Whether the secret {@code id} exists and works at {@code now}. */
    public boolean secretValid(String id, Instant now) {
        return secrets.stream().anyMatch(s -> s.id().equals(id) && s.validAt(now));
    }
}
