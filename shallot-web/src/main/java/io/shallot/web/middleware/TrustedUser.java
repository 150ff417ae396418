package io.shallot.web.middleware;

import io.shallot.web.Context;
import io.shallot.web.HttpException;
import io.shallot.web.Middleware;
import java.util.List;
import java.util.Objects;

/**
 * The end user a trusted front vouches for. Shallot's OPEN API gateway verifies the user's token and
 * sends its subject to the upstream in {@value #HEADER}, after dropping any header of that name a
 * client sent; a service behind it checks here that a request acts for that user and no other.
 *
 * <p>The header is only as trustworthy as the network path: a service that reads it must be reachable
 * through the gateway alone (bind it to a private address), as it already trusts
 * {@code X-Shallot-Appid}.
 *
 * <p>Refusals are the envelope: 401 when the policy requires a user and none is vouched for, 403 when
 * the request names another user, 400 for a malformed header (sent twice, empty, longer than 128
 * characters, or not visible ASCII): a misconfigured front, never a reason to guess.
 */
public final class TrustedUser {
    public static final String HEADER = "X-Shallot-User";
    private static final int MAX_LENGTH = 128;

    /** How a service treats the user its front vouches for. */
    public enum Policy {
        /**
         * When the header is sent, the request must act for that user; without it the ids the request
         * names are taken as given. For deployments whose front authenticates apps but not users.
         */
        CHECK_IF_PRESENT,
        /** Every request that acts for a user must come with the header: 401 without it. */
        REQUIRED
    }

    private TrustedUser() {
    }

    /** The user the front vouches for, or null when it vouches for none. */
    public static String of(Context ctx) {
        List<String> values = ctx.headers(HEADER);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new HttpException(400, HEADER + " sent more than once");
        }
        String user = values.get(0);
        if (!isUserId(user)) {
            throw new HttpException(400, "malformed " + HEADER + ": 1 to " + MAX_LENGTH + " visible ASCII characters");
        }
        return user;
    }

    /**
     * The user a request acts for, given the id it names ({@code named}, null when it names none):
     * the vouched-for user when there is one, which {@code named} must then equal; else {@code named},
     * when the policy allows going without the header.
     *
     * @throws HttpException 401, 403 or 400 as the class describes
     */
    public static String actingFor(Context ctx, String named, Policy policy) {
        Objects.requireNonNull(policy, "policy");
        String vouched = of(ctx);
        if (vouched == null) {
            if (policy == Policy.REQUIRED) {
                throw new HttpException(401, "an authenticated user is required");
            }
            return named;
        }
        if (named != null && !named.equals(vouched)) {
            throw new HttpException(403, "the authenticated user may act only for itself");
        }
        return vouched;
    }

    /**
     * Route middleware for routes that name their user in the path parameter {@code param}, e.g.
     * {@code router.with(TrustedUser.owns("uid", policy)).get("/v1/users/:uid/messages", ...)}.
     */
    public static Middleware owns(String param, Policy policy) {
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(policy, "policy");
        return Middleware.named("TrustedUser.owns(" + param + ")", (ctx, next) -> {
            actingFor(ctx, ctx.param(param), policy);
            return next.run();
        });
    }

    /** Whether {@code user} can be vouched for: 1 to 128 visible ASCII characters, so it fits a header and a key. */
    public static boolean isUserId(String user) {
        if (user == null || user.isEmpty() || user.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
