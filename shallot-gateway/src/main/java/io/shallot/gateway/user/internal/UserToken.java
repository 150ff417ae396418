package io.shallot.gateway.user.internal;

import io.shallot.gateway.Refusal;
import io.shallot.gateway.user.UserSettings;
import io.shallot.web.Context;
import java.util.List;

/**
 * Finds the user token of a call: the configured header or the {@value UserSettings#PARAMETER}
 * query parameter, at most once. The header carries the bare token (no scheme): {@code
 * Authorization} is the app's.
 */
public final class UserToken {
    private UserToken() {
    }

    /**
     * The token as sent, or null when there is none.
     *
     * @throws Refusal.GatewayException {@code INVALID_USER_TOKEN} when it is sent more than once
     */
    public static String from(Context ctx, String header) {
        List<String> fromHeader = ctx.headers(header);
        // no query string, no parameter: the parsed query map is not built for nothing
        List<String> fromQuery = ctx.querystring().isEmpty() ? List.of()
                : ctx.query().getOrDefault(UserSettings.PARAMETER, List.of());
        int count = fromHeader.size() + fromQuery.size();
        if (count == 0) {
            return null;
        }
        if (count > 1) {
            throw UserChallenges.refused(Refusal.INVALID_USER_TOKEN, "send the user token once: in the " + header
                    + " header or the " + UserSettings.PARAMETER + " parameter");
        }
        return (fromHeader.isEmpty() ? fromQuery.get(0) : fromHeader.get(0)).strip();
    }
}
