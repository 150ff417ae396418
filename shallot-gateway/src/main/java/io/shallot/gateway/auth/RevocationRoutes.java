package io.shallot.gateway.auth;

import io.shallot.gateway.auth.internal.AdminInput;
import io.shallot.gateway.auth.internal.Unavailable;
import io.shallot.gateway.user.UserRevocations;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.HttpException;
import io.shallot.web.Status;
import io.shallot.web.body.RequestBody;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The admin API's {@code /admin/users/:sub/revocation} (see {@link AdminApi}): end users'
 * revocations, kept by {@link UserRevocations}. The {@code sub} is checked once percent-decoded.
 * With user tokens off there is nothing to revoke: every call is 409 saying so, after the admin
 * credential and before any input is read. Redis failing is {@code AUTH_UNAVAILABLE}, 503 with
 * {@code Retry-After}, as for authentication.
 */
final class RevocationRoutes {
    static final String PATH = "/users/:sub/revocation";
    private static final String STORE = "Redis (user revocations)";
    private static final Set<String> REVOKE = Set.of("before");

    private final UserRevocations revocations;
    private final Unavailable unavailable;

    /** @param revocations null when user tokens are off */
    RevocationRoutes(UserRevocations revocations, Unavailable unavailable) {
        this.revocations = revocations;
        this.unavailable = unavailable;
    }

    /** {@code PUT}: {@code {}} or {@code {"before": "<ISO-8601 instant>"}} → 200 the revocation. */
    Promise<Object> revoke(Context ctx, RequestBody body) {
        String sub = sub(ctx);
        AdminInput in = AdminInput.of(body, REVOKE);
        Instant before = in.has("before") ? instant(in.text("before")) : null;
        Promise<UserRevocations.Revocation> revoked = AdminApi.checked(() -> revocations.revoke(sub, before));
        return unavailable.guard(STORE, revoked).then(RevocationRoutes::ok);
    }

    /** {@code GET} → 200 the revocation in force, 404 when none. */
    Promise<Object> find(Context ctx) {
        String sub = sub(ctx);
        return unavailable.guard(STORE, revocations.find(sub)).then(found -> {
            if (found == null) {
                throw none(sub);
            }
            return ok(found);
        });
    }

    /** {@code DELETE} → 204 once lifted everywhere, 404 when none was in force. */
    Promise<Object> lift(Context ctx) {
        String sub = sub(ctx);
        return unavailable.guard(STORE, revocations.lift(sub)).then(existed -> {
            if (!existed) {
                throw none(sub);
            }
            ctx.status(Status.NO_CONTENT_204);
            return null;
        });
    }

    private String sub(Context ctx) {
        if (revocations == null) {
            throw new HttpException(409, AppService.CONFLICT, "user tokens are off (gateway.users has no keys), so there"
                    + " are no user tokens to revoke", Map.of(), null);
        }
        return AdminApi.checked(() -> UserRevocations.requireSub(ctx.param("sub")));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw AdminInput.invalid("before must be an ISO-8601 instant, e.g. 2030-01-15T09:00:00Z");
        }
    }

    private static Object ok(UserRevocations.Revocation revocation) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sub", revocation.sub());
        view.put("before", revocation.before().toString());
        view.put("expiresAt", revocation.expiresAt().toString());
        return Envelope.ok(view);
    }

    private static HttpException none(String sub) {
        return new HttpException(404, AppService.NOT_FOUND, "no revocation in force for user " + sub, Map.of(), null);
    }
}
