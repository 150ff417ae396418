package io.shallot.platform;

import io.shallot.platform.config.ConfigRoutes;
import io.shallot.platform.config.Configs;
import io.shallot.platform.diagnostics.Diagnostics;
import io.shallot.platform.diagnostics.DiagnosticsRoutes;
import io.shallot.platform.feedback.Feedback;
import io.shallot.platform.feedback.FeedbackRoutes;
import io.shallot.platform.inbox.Inbox;
import io.shallot.platform.inbox.InboxRoutes;
import io.shallot.web.App;
import io.shallot.web.middleware.AccessLog;
import io.shallot.web.middleware.RequestId;
import io.shallot.web.middleware.TrustedUser;
import io.shallot.web.middleware.TrustedUser.Policy;
import io.shallot.web.router.Router;

/**
 * The middle-platform service of section 三, the services every app of a company shares: config
 * delivery by client version, device, region and language; feedback through a queue into MongoDB;
 * messages, unread counts and red dots with live events; and client diagnostics (log pulls, debug
 * reports, performance analysis). State lives in MongoDB and Redis, so instances can be added behind
 * the OPEN API gateway, which authenticates apps and guards the {@code /v1/admin} routes by API grant,
 * and vouches for the end user ({@link TrustedUser}) where its routes ask for user tokens: a user
 * then reads and changes only its own messages, and its feedback and reports carry its id.
 * Every request gets a request id and an access-log line; errors are the envelope.
 *
 * <p>Serve it with {@code streamRequestBodies} on and {@code maxBodyBytes} at least the diagnostics'
 * {@code maxLogBytes}: log uploads are read as they arrive, and every other route reads its body in
 * full within its own limit.
 */
public final class PlatformApp {
    private PlatformApp() {
    }

    /** The platform for a gateway that may or may not vouch for users: see {@link Policy#CHECK_IF_PRESENT}. */
    public static App create(Configs configs, Feedback feedback, Inbox inbox, Diagnostics diagnostics) {
        return create(Policy.CHECK_IF_PRESENT, configs, feedback, inbox, diagnostics);
    }

    /**
     * The platform whose {@code /v1/users/:uid} routes treat the user the gateway vouches for by
     * {@code users}: {@link Policy#REQUIRED} behind a gateway whose routes require user tokens.
     */
    public static App create(Policy users, Configs configs, Feedback feedback, Inbox inbox, Diagnostics diagnostics) {
        Router router = Router.create();
        ConfigRoutes.mount(router, configs);
        FeedbackRoutes.mount(router, feedback);
        InboxRoutes.mount(router, inbox, users);
        DiagnosticsRoutes.mount(router, diagnostics);
        return new App().use(RequestId.create()).use(AccessLog.create()).use(router.routes());
    }
}
