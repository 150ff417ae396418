package io.shallot.gateway.auth;

import io.shallot.gateway.GatewayApp;
import io.shallot.gateway.auth.internal.AdminInput;
import io.shallot.gateway.auth.internal.AppRecord;
import io.shallot.gateway.auth.internal.Challenges;
import io.shallot.gateway.auth.internal.Secrets;
import io.shallot.gateway.auth.internal.StoredSecret;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.Handler;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import io.shallot.web.Status;
import io.shallot.web.body.RequestBody;
import io.shallot.web.router.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * The admin API under {@code /admin}, for operators; every call carries
 * {@code Authorization: Bearer <AuthSettings.adminToken>} (compared in constant time), else
 * {@code BAD_ADMIN_CREDENTIAL} (401). Bodies are JSON objects, read in full (after the credential
 * was checked) within the server's body limit; answers are the envelope.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code POST /admin/apps}</td><td>create: {@code {appid?, name, apis?, plan?, priorityClass?, signed?}}
 *       → 201 {@code {app, client_id, secret_id, client_secret}}; the secret is shown this once</td></tr>
 *   <tr><td>{@code GET /admin/apps?limit=&after=&status=}</td><td>list in appid order (limit 1..1000,
 *       default 100; after: the last appid of the previous page) → {@code {apps, next}}</td></tr>
 *   <tr><td>{@code GET /admin/apps/:appid}</td><td>one app: no secrets, only their ids and dates</td></tr>
 *   <tr><td>{@code PATCH /admin/apps/:appid}</td><td>change any of {@code name, status, apis, plan,
 *       priorityClass (null clears), signed}; {@code apis} replaces the grants</td></tr>
 *   <tr><td>{@code POST /admin/apps/:appid/disable}, {@code .../enable}</td><td>set the status</td></tr>
 *   <tr><td>{@code POST /admin/apps/:appid/secrets}</td><td>rotate: {@code {graceSeconds?}} (default
 *       {@link AuthSettings#rotationGrace()}): a new secret, shown this once; the working ones
 *       expire after the grace → 201 like create</td></tr>
 *   <tr><td>{@code DELETE /admin/apps/:appid/secrets/:secretId}</td><td>revoke a secret now, and with it
 *       the tokens it obtained</td></tr>
 *   <tr><td>{@code PUT /admin/users/:sub/revocation}</td><td>revoke an end user's tokens: {@code {before?}}
 *       (an ISO-8601 instant, default now, at most {@code gateway.users.maxTokenLifetime} ahead): every
 *       token of {@code sub} issued before it is refused, 401 {@code REVOKED_USER_TOKEN}; replaces the
 *       user's revocation in force → {@code {sub, before, expiresAt}} (when it stops mattering). Stored
 *       and announced before the answer: every subscribed gateway process enforces it within a
 *       message's travel</td></tr>
 *   <tr><td>{@code GET /admin/users/:sub/revocation}</td><td>the revocation in force, as stored</td></tr>
 *   <tr><td>{@code DELETE /admin/users/:sub/revocation}</td><td>lift it everywhere → 204</td></tr>
 * </table>
 *
 * <p>Errors: bad input is 400 with ret {@value AdminInput#INVALID_INPUT} (unknown fields, wrong
 * types, out-of-range values, malformed ids; ids are plain strings, so {@code {"$ne": ...}} is
 * just a malformed id; a {@code sub} must be 1 to 128 visible ASCII characters once
 * percent-decoded); an unknown app or secret, or a user without a revocation, 404 with ret
 * {@value AppService#NOT_FOUND}; a taken appid or too many secrets 409 with ret
 * {@value AppService#CONFLICT}, as is every revocation call while user tokens are off
 * ({@code gateway.users} without keys). Redis failing during a revocation call is 503
 * {@code AUTH_UNAVAILABLE} with {@code Retry-After}. Each change to an app reaches every gateway
 * process through {@link AppRegistry}, each revocation through
 * {@link io.shallot.gateway.user.UserRevocations}. Runs on the request's loop.
 */
public final class AdminApi implements Middleware {
    public static final String PREFIX = "/admin";
    private static final long MAX_GRACE_SECONDS = Duration.ofDays(365).toSeconds();
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;
    private static final Set<String> CREATE = Set.of("appid", "name", "apis", "plan", "priorityClass", "signed");
    private static final Set<String> UPDATE = Set.of("name", "status", "apis", "plan", "priorityClass", "signed");
    private static final Set<String> ROTATE = Set.of("graceSeconds");
    private static final Set<String> LIST = Set.of("limit", "after", "status");

    private final AppService apps;
    private final String adminToken;
    private final Duration rotationGrace;
    private final Middleware routes;

    AdminApi(AppService apps, AuthSettings settings, RevocationRoutes users) {
        this.apps = apps;
        this.adminToken = settings.adminToken();
        this.rotationGrace = settings.rotationGrace();
        this.routes = Router.prefixed(PREFIX)
                .use(this::authorize)
                .post("/apps", withBody(this::create))
                .get("/apps", this::list)
                .get("/apps/:appid", ctx -> apps.get(appid(ctx)).then(AdminApi::ok))
                .patch("/apps/:appid", withBody(this::update))
                .post("/apps/:appid/disable", withBody((ctx, body) -> setStatus(ctx, body, GatewayApp.Status.DISABLED)))
                .post("/apps/:appid/enable", withBody((ctx, body) -> setStatus(ctx, body, GatewayApp.Status.ACTIVE)))
                .post("/apps/:appid/secrets", withBody(this::rotate))
                .delete("/apps/:appid/secrets/:secretId", this::revoke)
                .put(RevocationRoutes.PATH, withBody(users::revoke))
                .get(RevocationRoutes.PATH, users::find)
                .delete(RevocationRoutes.PATH, users::lift)
                .routes();
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) throws Exception {
        return routes.handle(ctx, next);
    }

    private Promise<Void> authorize(Context ctx, Next next) {
        String authorization = ctx.header("Authorization");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        if (adminToken == null || !bearer || !Secrets.same(authorization.substring(7).strip(), adminToken)) {
            throw Challenges.badAdminCredential();
        }
        return next.run();
    }

    /** A route that reads the whole body first ({@code ctx.readBody()}: the server streams request bodies). */
    private static Handler withBody(BiFunction<Context, RequestBody, Promise<Object>> handler) {
        return ctx -> ctx.readBody().compose(body -> handler.apply(ctx, body));
    }

    private Promise<Object> create(Context ctx, RequestBody body) {
        AdminInput in = AdminInput.of(body, CREATE);
        AppSpec spec = checked(() -> new AppSpec(in.text("appid"), in.text("name"), in.texts("apis"), in.text("plan"),
                in.integer("priorityClass"), Boolean.TRUE.equals(in.bool("signed"))));
        return apps.create(spec).then(created -> issued(ctx, created));
    }

    private Promise<Object> list(Context ctx) {
        for (String name : ctx.query().keySet()) {
            if (!LIST.contains(name)) {
                throw AdminInput.invalid("unknown query parameter '" + name + "' (allowed: after, limit, status)");
            }
        }
        String after = single(ctx, "after");
        if (after != null) {
            checked(() -> AppSpec.requireAppid(after));
        }
        String status = single(ctx, "status");
        String limit = single(ctx, "limit");
        int size = DEFAULT_PAGE;
        if (limit != null) {
            if (!limit.matches("\\d{1,4}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > MAX_PAGE) {
                throw AdminInput.invalid("limit must be an integer from 1 to " + MAX_PAGE);
            }
            size = Integer.parseInt(limit);
        }
        int page = size;
        return apps.list(after, status == null ? null : status(status), page).then(found -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("apps", found.stream().map(AdminApi::view).toList());
            data.put("next", found.size() == page ? found.get(found.size() - 1).appid() : null);
            return Envelope.ok(data);
        });
    }

    private Promise<Object> update(Context ctx, RequestBody body) {
        String appid = appid(ctx);
        AdminInput in = AdminInput.of(body, UPDATE);
        if (in.isEmpty()) {
            throw AdminInput.invalid("nothing to change: give at least one of " + String.join(", ", new TreeSet<>(UPDATE)));
        }
        Document fields = new Document();
        if (in.has("name")) {
            fields.append("name", checked(() -> AppSpec.requireName(in.text("name"))));
        }
        if (in.has("status")) {
            fields.append("status", status(in.text("status")).name());
        }
        if (in.has("apis")) {
            Set<String> apis = checked(() -> AppSpec.requireApis(in.texts("apis")));
            fields.append("apis", new ArrayList<>(new TreeSet<>(apis)));
        }
        if (in.has("plan")) {
            fields.append("plan", checked(() -> AppSpec.requirePlan(in.text("plan"))));
        }
        if (in.has("priorityClass")) {
            fields.append("priorityClass", checked(() -> AppSpec.requirePriorityClass(in.integer("priorityClass"))));
        }
        if (in.has("signed")) {
            fields.append("signed", in.bool("signed"));
        }
        return apps.update(appid, fields).then(AdminApi::ok);
    }

    private Promise<Object> setStatus(Context ctx, RequestBody body, GatewayApp.Status status) {
        String appid = appid(ctx);
        AdminInput.of(body, Set.of());
        return apps.update(appid, new Document("status", status.name())).then(AdminApi::ok);
    }

    private Promise<Object> rotate(Context ctx, RequestBody body) {
        String appid = appid(ctx);
        AdminInput in = AdminInput.of(body, ROTATE);
        Long seconds = in.whole("graceSeconds");
        if (seconds != null && (seconds < 0 || seconds > MAX_GRACE_SECONDS)) {
            throw AdminInput.invalid("graceSeconds must be from 0 to " + MAX_GRACE_SECONDS + " (365 days)");
        }
        Duration grace = seconds == null ? rotationGrace : Duration.ofSeconds(seconds);
        return apps.rotate(appid, grace).then(rotated -> issued(ctx, rotated));
    }

    private Promise<Object> revoke(Context ctx) {
        String appid = appid(ctx);
        String secretId = ctx.param("secretId");
        if (secretId == null || !secretId.matches("sec_[A-Za-z0-9_-]{12}")) {
            throw AdminInput.invalid("secretId must be a secret id as listed by GET /admin/apps/:appid (sec_...)");
        }
        return apps.revoke(appid, secretId).then(AdminApi::ok);
    }

    private static Object issued(Context ctx, AppService.Rotated rotated) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("app", view(rotated.app()));
        data.put("client_id", rotated.credentials().appid());
        data.put("secret_id", rotated.credentials().secretId());
        data.put("client_secret", rotated.credentials().secret());
        ctx.status(Status.CREATED_201).set("Cache-Control", "no-store");
        return Envelope.ok(data);
    }

    private static Object ok(AppRecord app) {
        return Envelope.ok(view(app));
    }

    static Map<String, Object> view(AppRecord record) {
        GatewayApp app = record.app();
        Instant now = Instant.now();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("appid", app.appid());
        view.put("name", record.name());
        view.put("status", app.status().name());
        view.put("apis", new TreeSet<>(app.apis()));
        view.put("plan", app.plan());
        view.put("priorityClass", app.priorityClass());
        view.put("signed", app.signed());
        List<Map<String, Object>> secrets = new ArrayList<>();
        for (StoredSecret secret : record.secrets()) {
            if (secret.validAt(now)) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("id", secret.id());
                s.put("createdAt", secret.createdAt().toString());
                s.put("expiresAt", secret.expiresAt() == null ? null : secret.expiresAt().toString());
                secrets.add(s);
            }
        }
        view.put("secrets", secrets);
        view.put("createdAt", record.createdAt().toString());
        view.put("updatedAt", record.updatedAt().toString());
        return view;
    }

    private static String appid(Context ctx) {
        return checked(() -> AppSpec.requireAppid(ctx.param("appid")));
    }

    private static GatewayApp.Status status(String text) {
        try {
            return GatewayApp.Status.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw AdminInput.invalid("status must be ACTIVE or DISABLED");
        }
    }

    private static String single(Context ctx, String name) {
        List<String> values = ctx.query().getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw AdminInput.invalid("query parameter '" + name + "' must be given once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** {@code rule}'s value, its {@link IllegalArgumentException} a 400 with the same message. */
    static <T> T checked(Supplier<T> rule) {
        try {
            return rule.get();
        } catch (IllegalArgumentException e) {
            throw AdminInput.invalid(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "AdminApi";
    }
}
