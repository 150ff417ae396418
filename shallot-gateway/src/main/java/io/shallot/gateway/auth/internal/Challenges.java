package io.shallot.gateway.auth.internal;

import io.shallot.gateway.Refusal;
import java.util.Map;

/**
 * The {@code WWW-Authenticate} header of each 401 (RFC 6750 section 3 for bearer tokens, RFC 7617
 * for the token endpoint's Basic credentials), as refusal exceptions ready to throw.
 */
public final class Challenges {
    public static final String HEADER = "WWW-Authenticate";
    public static final String REALM = "shallot";

    private Challenges() {
    }

    /** No token at all: the bare challenge, no error code (RFC 6750 section 3.1). */
    public static Refusal.GatewayException noToken() {
        return Refusal.NO_TOKEN.exception(Map.of(HEADER, "Bearer realm=\"" + REALM + "\""));
    }

    /** A token that is not (or no longer) good: {@code error="invalid_token"}. */
    public static Refusal.GatewayException badToken(Refusal refusal, String message) {
        return refusal.exception(message, Map.of(HEADER, bearer("invalid_token", message)));
    }

    /** A signed request that does not check out: {@code error="invalid_request"}. */
    public static Refusal.GatewayException badSignature(Refusal refusal, String message) {
        return refusal.exception(message, Map.of(HEADER, bearer("invalid_request", message)));
    }

    /** Client credentials that do not check out at the token endpoint. */
    public static Refusal.GatewayException badCredentials(String message) {
        return Refusal.BAD_CREDENTIALS.exception(message, Map.of(HEADER, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\""));
    }

    public static Refusal.GatewayException badAdminCredential() {
        return Refusal.BAD_ADMIN_CREDENTIAL.exception(Map.of(HEADER, "Bearer realm=\"" + REALM + "-admin\""));
    }

    private static String bearer(String error, String description) {
        return "Bearer realm=\"" + REALM + "\", error=\"" + error + "\", error_description=\""
                + description.replace('"', '\'').replace('\\', '/') + "\"";
    }
}
