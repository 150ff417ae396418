package io.shallot.gateway.user.internal;

import io.shallot.gateway.Refusal;
import java.util.Map;

/**
 * The 401s about the user token, each with its {@code WWW-Authenticate} challenge in the realm
 * {@value #REALM} (RFC 6750 section 3), apart from the app token's realm so that a client can tell
 * which of its two tokens to fetch again. The descriptions are the refusals' fixed messages: a
 * client learns "missing", "invalid", "expired" or "revoked", never which check failed.
 */
public final class UserChallenges {
    public static final String HEADER = "WWW-Authenticate";
    public static final String REALM = "shallot-users";

    private UserChallenges() {
    }

    public static Refusal.GatewayException missing() {
        return Refusal.NO_USER_TOKEN.exception(Map.of(HEADER, "Bearer realm=\"" + REALM + "\""));
    }

    /** {@code INVALID_}, {@code EXPIRED_} or {@code REVOKED_USER_TOKEN}, with {@code error="invalid_token"}. */
    public static Refusal.GatewayException refused(Refusal refusal) {
        return refused(refusal, refusal.message());
    }

    /** The same with a message about the request's shape, never about the token's content. */
    public static Refusal.GatewayException refused(Refusal refusal, String message) {
        return refusal.exception(message, Map.of(HEADER, "Bearer realm=\"" + REALM + "\", error=\"invalid_token\","
                + " error_description=\"" + message + "\""));
    }
}
