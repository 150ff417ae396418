package io.shallot.platform.feedback;

import io.shallot.platform.internal.ActingUser;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.HttpException;
import io.shallot.web.body.Inputs;
import io.shallot.web.router.Router;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API of {@link Feedback}; answers are the envelope {@code {"ret": 0, "message": "success",
 * "data": ...}}, errors the envelope with the status {@link Feedback} documents.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code POST /v1/feedback}</td><td>body {@code {platform, appVersion, category, content,
 *       contact?, userId?, meta?}}, an optional {@code Idempotency-Key} header (1-128 visible ASCII
 *       characters) to make retries safe → 202 {@code {id, status: "queued", duplicate}}</td></tr>
 *   <tr><td>{@code GET /v1/admin/feedback?category=&platform=&since=&until=&limit=20&before=}</td>
 *       <td>stored feedback, newest first: {@code {items: [{id, platform, appVersion, category, content,
 *       contact, userId, meta, createdAt}], next}}; {@code next} is the {@code before} of the following
 *       page, null after the last</td></tr>
 *   <tr><td>{@code GET /v1/admin/feedback/stats?since=&until=}</td><td>{@code {total, byCategory, byPlatform}}</td></tr>
 *   <tr><td>{@code GET /v1/admin/feedback/queue}</td><td>{@code {queued, pending, deadLetters, oldestQueuedMs}}</td></tr>
 * </table>
 *
 * <p>The body: {@code platform} and {@code category} one of the settings'; {@code appVersion} 1 to 4
 * dot-separated numbers; {@code content} 1 to 4,000 characters, not blank; {@code contact} at most
 * 200; {@code userId} 1 to 128 of {@code A-Z a-z 0-9 . _ : -}; {@code meta} an object of at most 20
 * keys (1-64 characters, no {@code .}, no leading {@code $}) whose values are strings of at most
 * 256 characters, finite numbers or booleans. Any other field, or a bad one, is a 400 naming it.
 *
 * <p>Queries: {@code since} and {@code until} are ISO-8601 instants ({@code 2026-11-28T10:00:00Z}),
 * {@code [since, until)}; {@code limit} 1 to 100. Each given once; unknown keys are ignored, and
 * values are only ever compared as strings, never read as query operators. An empty value
 * ({@code category=}) is no condition.
 *
 * <p>The admin routes must sit behind the admin's authentication. The submit route takes anonymous
 * feedback; when the gateway vouches for a user ({@code X-Shallot-User}, see
 * {@link io.shallot.web.middleware.TrustedUser}), {@code userId} is that user's: filled in when
 * absent, 403 when the body names another.
 */
public final class FeedbackRoutes {
    private FeedbackRoutes() {
    }

    /** Adds the routes above to {@code router}. */
    public static Router mount(Router router, Feedback feedback) {
        return router
                .post("/v1/feedback", ctx -> ctx.readBody()
                        .compose(body -> feedback.submit(ActingUser.stamp(ctx, Inputs.object(body), "userId"),
                                ctx.header("Idempotency-Key")))
                        .then(receipt -> submitted(ctx, receipt)))
                .get("/v1/admin/feedback", ctx -> feedback.list(filter(ctx)).then(FeedbackRoutes::pageView))
                .get("/v1/admin/feedback/stats", ctx -> feedback.stats(instant(ctx, "since"), instant(ctx, "until"))
                        .then(FeedbackRoutes::statsView))
                .get("/v1/admin/feedback/queue", ctx -> feedback.queue().then(FeedbackRoutes::queueView));
    }

    private static Envelope submitted(Context ctx, Receipt receipt) {
        ctx.status(202);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", receipt.id());
        data.put("status", "queued");
        data.put("duplicate", receipt.duplicate());
        return Envelope.ok(data);
    }

    private static Filter filter(Context ctx) {
        return new Filter(Inputs.query(ctx, "category"), Inputs.query(ctx, "platform"), instant(ctx, "since"), instant(ctx, "until"),
                Inputs.query(ctx, "before"), Inputs.intQuery(ctx, "limit", Feedback.DEFAULT_LIMIT, 1, Feedback.MAX_LIMIT));
    }

    private static Instant instant(Context ctx, String name) {
        String value = Inputs.query(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new HttpException(400, name + " must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z");
        }
    }

    private static Envelope pageView(Page page) {
        List<Map<String, Object>> items = page.items().stream().map(FeedbackRoutes::itemView).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("items", items);
        data.put("next", page.next());
        return Envelope.ok(data);
    }

    private static Envelope statsView(Stats stats) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("total", stats.total());
        data.put("byCategory", stats.byCategory());
        data.put("byPlatform", stats.byPlatform());
        return Envelope.ok(data);
    }

    private static Envelope queueView(QueueState queue) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("queued", queue.queued());
        data.put("pending", queue.pending());
        data.put("deadLetters", queue.deadLetters());
        data.put("oldestQueuedMs", queue.oldestQueuedMs());
        return Envelope.ok(data);
    }

    private static Map<String, Object> itemView(Item item) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", item.id());
        view.put("platform", item.platform());
        view.put("appVersion", item.appVersion());
        view.put("category", item.category());
        view.put("content", item.content());
        view.put("contact", item.contact());
        view.put("userId", item.userId());
        view.put("meta", item.meta());
        view.put("createdAt", item.createdAt() == null ? null : item.createdAt().toString());
        return view;
    }
}
