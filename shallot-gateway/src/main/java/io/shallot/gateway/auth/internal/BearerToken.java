package io.shallot.gateway.auth.internal;

import io.shallot.gateway.Refusal;
import io.shallot.web.Context;
import java.util.List;

/**
 * Finds the access token of a call (RFC 6750): {@code Authorization: Bearer <token>} or the
 * {@code access_token} query parameter, exactly once. Another scheme in {@code Authorization}
 * counts as no token.
 */
public final class BearerToken {
    public static final String PARAMETER = "access_token";

    private BearerToken() {
    }

    /**
     * The token, well formed.
     *
     * @throws Refusal.GatewayException {@code NO_TOKEN} when there is none, {@code INVALID_TOKEN}
     *                                  when it is given twice or is not shaped like a token
     */
    public static String from(Context ctx) {
        String fromHeader = fromHeader(ctx.header("Authorization"));
        // no query string, no parameter: the parsed query map is not built for nothing
        List<String> fromQuery = ctx.querystring().isEmpty() ? List.of() : ctx.query().getOrDefault(PARAMETER, List.of());
        if (fromHeader == null && fromQuery.isEmpty()) {
            throw Challenges.noToken();
        }
        if (fromQuery.size() + (fromHeader == null ? 0 : 1) > 1) {
            throw Challenges.badToken(Refusal.INVALID_TOKEN, "send the access token once: in the Authorization header"
                    + " or the access_token parameter");
        }
        String token = fromHeader != null ? fromHeader : fromQuery.get(0);
        if (!Secrets.hasShape(token)) {
            throw Challenges.badToken(Refusal.INVALID_TOKEN, Refusal.INVALID_TOKEN.message());
        }
        return token;
    }

    private static String fromHeader(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return value.substring(7).strip();
    }
}
