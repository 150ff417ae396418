package io.shallot.gateway.user.internal;

import io.shallot.gateway.Refusal;
import io.shallot.gateway.user.GatewayUser;

/**
 * What checking one user token found: its user, or the refusal with the reason (for the log, never
 * for the client).
 */
public record Verdict(GatewayUser user, Refusal refusal, String reason) {
    static Verdict accepted(GatewayUser user) {
        return new Verdict(user, null, null);
    }

    static Verdict invalid(String reason) {
        return new Verdict(null, Refusal.INVALID_USER_TOKEN, reason);
    }

    static Verdict expired(String reason) {
        return new Verdict(null, Refusal.EXPIRED_USER_TOKEN, reason);
    }

    public boolean accepted() {
        return user != null;
    }
}
