package io.shallot.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.loop.Promise;
import io.shallot.platform.inbox.internal.Checks;
import io.shallot.platform.inbox.internal.SseStream;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.HttpException;
import io.shallot.web.body.Inputs;
import io.shallot.web.middleware.TrustedUser;
import io.shallot.web.middleware.TrustedUser.Policy;
import io.shallot.web.router.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP API of an {@link Inbox}; answers are the envelope {@code {"ret": 0, "message":
 * "success", "data": ...}}, refusals the envelope with the status {@link Inbox} documents.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code POST /v1/admin/messages}</td><td>send: {@code {to: {users: [uid...]} | {topic}, category,
 *       title, body, link?, ttlDays?}} → 201 {@code {id, recipients (the number of users, or the topic)}}</td></tr>
 *   <tr><td>{@code GET /v1/users/:uid/messages?limit=20&before=&category=}</td><td>a page {@code {items: [{id,
 *       category, title, body, link, sentAt, read}], next}}, newest first; {@code next} is the next page's
 *       {@code before}, null at the end</td></tr>
 *   <tr><td>{@code GET /v1/users/:uid/badges}</td><td>{@code {total, categories: {category: unread}, dots: [path]}}</td></tr>
 *   <tr><td>{@code POST /v1/users/:uid/messages/read}</td><td>exactly one of {@code {ids: [...]}} (1-100),
 *       {@code {category}} or {@code {all: true}} → the new badges</td></tr>
 *   <tr><td>{@code DELETE /v1/users/:uid/messages/:id}</td><td>a direct message, or a broadcast for this user
 *       alone → the new badges; 404 for a message the user does not see</td></tr>
 *   <tr><td>{@code PUT}, {@code DELETE /v1/users/:uid/dots/:path}</td><td>light or clear a red dot → the new badges</td></tr>
 *   <tr><td>{@code PUT}, {@code DELETE /v1/users/:uid/topics/:topic}</td><td>follow or unfollow → {@code {topic, following}}</td></tr>
 *   <tr><td>{@code GET /v1/users/:uid/events}</td><td>Server-Sent Events: {@code badges} first, then
 *       {@code message} and {@code badges} as they change, {@code : ping} every heartbeat; 503 when
 *       this instance serves its {@code maxStreams} already</td></tr>
 * </table>
 *
 * <p>The event stream outlives the server's request timeout: that timeout ends when the handler's
 * promise settles, which here is once the first badges are read, and a streamed body is not timed.
 * Mount this behind the gateway. The user routes act for {@code :uid}: with a user the gateway
 * vouches for ({@link TrustedUser}) only for that user (403 otherwise), and under
 * {@link Policy#REQUIRED} not without one (401); the admin route is for trusted servers.
 */
public final class InboxRoutes {
    private static final Set<String> READ_FIELDS = Set.of("ids", "category", "all");

    private final Inbox inbox;

    private InboxRoutes(Inbox inbox) {
        this.inbox = inbox;
    }

    /** Adds the routes above to {@code router}, checking {@code :uid} against a vouched-for user when there is one. */
    public static Router mount(Router router, Inbox inbox) {
        return mount(router, inbox, Policy.CHECK_IF_PRESENT);
    }

    /** Adds the routes above to {@code router}; each {@code /v1/users/:uid} route acts for {@code :uid} under {@code users}. */
    public static Router mount(Router router, Inbox inbox, Policy users) {
        InboxRoutes routes = new InboxRoutes(inbox);
        router.post("/v1/admin/messages", routes::send);
        router.with(TrustedUser.owns("uid", users))
                .get("/v1/users/:uid/messages", routes::list)
                .get("/v1/users/:uid/badges", ctx -> inbox.badges(ctx.param("uid")).then(Envelope::ok))
                .post("/v1/users/:uid/messages/read", routes::read)
                .delete("/v1/users/:uid/messages/:id", ctx -> inbox.delete(ctx.param("uid"), ctx.param("id")).then(Envelope::ok))
                .put("/v1/users/:uid/dots/:path", ctx -> inbox.setDot(ctx.param("uid"), ctx.param("path")).then(Envelope::ok))
                .delete("/v1/users/:uid/dots/:path", ctx -> inbox.clearDot(ctx.param("uid"), ctx.param("path")).then(Envelope::ok))
                .put("/v1/users/:uid/topics/:topic", ctx -> inbox.follow(ctx.param("uid"), ctx.param("topic"))
                        .then(now -> following(ctx.param("topic"), now)))
                .delete("/v1/users/:uid/topics/:topic", ctx -> inbox.unfollow(ctx.param("uid"), ctx.param("topic"))
                        .then(now -> following(ctx.param("topic"), now)))
                .get("/v1/users/:uid/events", routes::events);
        return router;
    }

    private Promise<Envelope> send(Context ctx) {
        return ctx.readBody().compose(body -> inbox.send(Inputs.object(body))).then(sent -> {
            ctx.status(201);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", sent.id());
            data.put("recipients", sent.recipients());
            return Envelope.ok(data);
        });
    }

    private Promise<Envelope> list(Context ctx) {
        int limit = Inputs.intQuery(ctx, "limit", 20, 1, Inbox.MAX_LIMIT);
        return inbox.list(ctx.param("uid"), Inputs.query(ctx, "category"), limit, Inputs.query(ctx, "before")).then(Envelope::ok);
    }

    private Promise<Envelope> read(Context ctx) {
        return ctx.readBody().compose(body -> inbox.markRead(ctx.param("uid"), readRequest(Inputs.object(body))))
                .then(Envelope::ok);
    }

    private static Read readRequest(JsonNode json) {
        for (String field : (Iterable<String>) json::fieldNames) {
            if (!READ_FIELDS.contains(field)) {
                throw new HttpException(400, "unknown field " + field + " (the body has one of ids, category, all)");
            }
        }
        if (json.size() != 1) {
            throw new HttpException(400, "the body must have exactly one of ids, category, all");
        }
        if (json.has("ids")) {
            JsonNode ids = json.get("ids");
            if (!ids.isArray() || ids.isEmpty() || ids.size() > Inbox.MAX_READ_IDS) {
                throw new HttpException(400, "ids must be a list of 1 to " + Inbox.MAX_READ_IDS + " message ids");
            }
            List<String> list = new ArrayList<>();
            for (JsonNode id : ids) {
                list.add(Checks.messageId("ids", id.isTextual() ? id.textValue() : null));
            }
            return Read.ids(list);
        }
        if (json.has("category")) {
            return Read.category(Inputs.text(json, "category"));
        }
        if (!json.get("all").isBoolean() || !json.get("all").booleanValue()) {
            throw new HttpException(400, "all must be true");
        }
        return Read.all();
    }

    private Promise<Void> events(Context ctx) {
        String uid = Checks.uid(ctx.param("uid"));
        SseStream sse = new SseStream(inbox, uid, inbox.settings().heartbeat());
        return inbox.events(uid, sse::hear).compose(subscription -> inbox.badges(uid).then(badges -> {
            if (ctx.aborted()) {
                // the client left while the stream was being set up: nobody would cancel it
                subscription.close();
                return (Void) null;
            }
            ctx.status(200);
            ctx.set("Content-Type", "text/event-stream; charset=utf-8");
            ctx.set("Cache-Control", "no-cache");
            ctx.set("X-Accel-Buffering", "no");
            ctx.body(sse.body());
            sse.start(subscription, badges);
            return (Void) null;
        }, error -> {
            subscription.close();
            throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
        }));
    }

    private static Envelope following(String topic, boolean following) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("topic", topic);
        data.put("following", following);
        return Envelope.ok(data);
    }
}
