package io.shallot.platform.diagnostics;

import io.shallot.loop.Promise;
import io.shallot.platform.diagnostics.internal.Bodies;
import io.shallot.platform.diagnostics.internal.Checks;
import io.shallot.platform.diagnostics.internal.Views;
import io.shallot.platform.internal.ActingUser;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.body.Inputs;
import io.shallot.web.middleware.TrustedUser;
import io.shallot.web.middleware.TrustedUser.Policy;
import io.shallot.web.router.Router;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP API of {@link Diagnostics}. Answers are the envelope {@code {"ret": 0, "message":
 * "success", "data": ...}}, errors the envelope with the status {@link Diagnostics} documents;
 * instants are ISO-8601 strings.
 *
 * <table>
 *   <caption>Routes for apps</caption>
 *   <tr><td>{@code GET /v1/diagnostics/pulls?deviceId=&userId=}</td><td>at least one of the two → the
 *       pending pulls for it: {@code {items: [{id, from, to}]}}</td></tr>
 *   <tr><td>{@code PUT /v1/diagnostics/pulls/:id/log}</td><td>the log as the raw body, any Content-Type;
 *       a Content-Encoding is recorded, not decoded → 201 {@code {id, status: "uploaded", size, sha256}};
 *       empty 400, over {@code maxLogBytes} 413 with nothing stored, unknown 404, uploaded already or
 *       being uploaded 409, expired 410</td></tr>
 *   <tr><td>{@code POST /v1/diagnostics/reports}</td><td>{@code {deviceId, userId?, appVersion, platform,
 *       device?: {model?, os?, osVersion?}, metrics: {name: number}, events?: [{name, at, data?}]}}
 *       (see {@link Report}) → 202 {@code {id}}</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Routes for operators</caption>
 *   <tr><td>{@code POST /v1/admin/diagnostics/pulls}</td><td>{@code {target: {deviceId?, userId?}, from, to,
 *       reason}} → 201 {@code {id, status: "pending", expiresAt}}</td></tr>
 *   <tr><td>{@code GET /v1/admin/diagnostics/pulls?status=&deviceId=&userId=&limit=}</td><td>newest first
 *       (limit 1-100, default 20; status pending, uploading, uploaded or expired) → {@code {items: [{id,
 *       target: {deviceId, userId}, from, to, reason, status, createdAt, expiresAt, log: null | {size, sha256,
 *       contentType, contentEncoding, uploadedAt}}]}}</td></tr>
 *   <tr><td>{@code GET /v1/admin/diagnostics/pulls/:id/log}</td><td>the bytes as uploaded, streamed, with
 *       their Content-Type, Content-Encoding, Content-Length and {@code ETag} (the quoted sha256), as an
 *       attachment that is not cached; 404 until uploaded</td></tr>
 *   <tr><td>{@code GET /v1/admin/diagnostics/reports?deviceId=&userId=&limit=}</td><td>newest first →
 *       {@code {items: [{id, receivedAt, deviceId, userId, appVersion, platform, device, metrics, events}]}}</td></tr>
 *   <tr><td>{@code GET /v1/admin/diagnostics/metrics/:name?platform=&appVersion=&since=&until=}</td><td>→
 *       {@code {metric, count, min, p50, p90, p99, max, byAppVersion: {"1.2.0": {count, p50, p90, p99}}}}
 *       (see {@link MetricSummary})</td></tr>
 * </table>
 *
 * <p>The server must accept bodies of {@code maxLogBytes}: give it
 * {@code ServerOptions.withMaxBodyBytes} a little above it. With
 * {@code ServerOptions.withStreamRequestBodies(true)} an upload is read as it arrives and written
 * chunk by chunk, never held whole; without it the server has buffered the body before the route
 * runs. JSON bodies are refused past 512 KiB whatever the server allows. Query keys are read by
 * exact name ({@code deviceId[$ne]} is ignored); an empty value counts as absent.
 *
 * <p>Nothing here authenticates: the app routes trust their caller as the gateway in front of them
 * does, and the {@code /v1/admin} routes must be mounted behind the operators' authentication. When
 * the gateway vouches for a user ({@link TrustedUser}), a report's {@code userId} is that user's
 * (filled in when absent, 403 when another's), and so must be the {@code userId} a pull query names
 * and the target user of a pull whose log it uploads.
 */
public final class DiagnosticsRoutes {
    private static final int DEFAULT_LIMIT = 20;

    private DiagnosticsRoutes() {
    }

    /** Adds the routes above to {@code router}. */
    public static Router mount(Router router, Diagnostics diagnostics) {
        return router
                .get("/v1/diagnostics/pulls", ctx -> diagnostics.pendingPulls(Inputs.query(ctx, "deviceId"), pullsUser(ctx))
                        .then(pulls -> Envelope.ok(Views.items(pulls.stream().map(Views::pending).toList()))))
                .put("/v1/diagnostics/pulls/:id/log", ctx -> upload(diagnostics, ctx))
                .post("/v1/diagnostics/reports", ctx -> Bodies.object(ctx)
                        .compose(json -> diagnostics.report(Bodies.report(ActingUser.stamp(ctx, json, "userId"))))
                        .then(id -> created(ctx, 202, Map.of("id", id))))
                .post("/v1/admin/diagnostics/pulls", ctx -> Bodies.object(ctx)
                        .compose(json -> diagnostics.requestPull(Bodies.pullRequest(json)))
                        .then(pull -> created(ctx, 201, Views.created(pull))))
                .get("/v1/admin/diagnostics/pulls", ctx -> diagnostics.pulls(status(Inputs.query(ctx, "status")),
                                Inputs.query(ctx, "deviceId"), Inputs.query(ctx, "userId"), limit(ctx))
                        .then(pulls -> Envelope.ok(Views.items(pulls.stream().map(Views::pull).toList()))))
                .get("/v1/admin/diagnostics/pulls/:id/log", ctx -> download(diagnostics, ctx))
                .get("/v1/admin/diagnostics/reports", ctx -> diagnostics.reports(Inputs.query(ctx, "deviceId"),
                                Inputs.query(ctx, "userId"), limit(ctx))
                        .then(reports -> Envelope.ok(Views.items(reports.stream().map(Views::report).toList()))))
                .get("/v1/admin/diagnostics/metrics/:name", ctx -> diagnostics.metric(ctx.param("name"), metricQuery(ctx))
                        .then(summary -> Envelope.ok(Views.metric(summary))));
    }

    /** Only checked, never filled in: a device's own pulls must still match while its user is signed in. */
    private static String pullsUser(Context ctx) {
        String named = Inputs.query(ctx, "userId");
        return named == null ? null : TrustedUser.actingFor(ctx, named, Policy.CHECK_IF_PRESENT);
    }

    private static Promise<Envelope> upload(Diagnostics diagnostics, Context ctx) {
        String id = ctx.param("id");
        String length = ctx.header("Content-Length");
        long declared = length != null && length.matches("\\d{1,18}") ? Long.parseLong(length) : -1;
        return diagnostics.upload(id, ctx.bodyStream(), declared, ctx.header("Content-Type"), ctx.header("Content-Encoding"),
                        TrustedUser.of(ctx))
                .then(log -> created(ctx, 201, Views.uploaded(id, log)));
    }

    private static Promise<Void> download(Diagnostics diagnostics, Context ctx) {
        return diagnostics.openLog(ctx.param("id")).then(download -> {
            LogFile file = download.file();
            ctx.status(200);
            ctx.set("Content-Type", file.contentType());
            if (file.contentEncoding() != null) {
                ctx.set("Content-Encoding", file.contentEncoding());
            }
            ctx.set("Content-Length", file.size());
            ctx.set("ETag", "\"" + file.sha256() + "\"");
            // the type is the app's word: a browser must save the file, never render it on the operators' origin
            ctx.set("Content-Disposition", "attachment; filename=\"" + ctx.param("id") + ".log\"");
            ctx.set("X-Content-Type-Options", "nosniff");
            ctx.set("Cache-Control", "private, no-store");
            ctx.body(download.body());
            return null;
        });
    }

    private static Envelope created(Context ctx, int status, Object data) {
        ctx.status(status);
        return Envelope.ok(data);
    }

    private static int limit(Context ctx) {
        return Inputs.intQuery(ctx, "limit", DEFAULT_LIMIT, 1, Diagnostics.MAX_LIMIT);
    }

    private static PullStatus status(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "pending", "uploading", "uploaded", "expired" -> PullStatus.valueOf(status.toUpperCase(Locale.ROOT));
            default -> throw Checks.bad("status must be one of pending, uploading, uploaded, expired");
        };
    }

    private static MetricQuery metricQuery(Context ctx) {
        String since = Inputs.query(ctx, "since");
        String until = Inputs.query(ctx, "until");
        return new MetricQuery(Inputs.query(ctx, "platform"), Inputs.query(ctx, "appVersion"),
                since == null ? null : Checks.instant("since", since), until == null ? null : Checks.instant("until", until));
    }
}
