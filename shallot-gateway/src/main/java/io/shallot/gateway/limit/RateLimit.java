package io.shallot.gateway.limit;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.GatewayApp;
import io.shallot.gateway.Plan;
import io.shallot.gateway.Rate;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.limit.internal.Ask;
import io.shallot.gateway.limit.internal.Availability;
import io.shallot.gateway.limit.internal.Decision;
import io.shallot.gateway.limit.internal.Limiter;
import io.shallot.gateway.limit.internal.LocalGcra;
import io.shallot.gateway.limit.internal.RedisGcra;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import java.util.Objects;

/**
 * The gateway's rate limits, as middleware: each request of an app is charged against its plan's
 * ceiling for the API it calls and its ceiling over all APIs, cluster-wide (GCRA in Redis, both
 * checked and charged atomically; a refusal charges neither).
 *
 * <p>Admitted requests get {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} (seconds) of the tighter limit. Refused ones are answered 429 with
 * {@link Refusal#API_RATE_LIMITED} or {@link Refusal#APP_RATE_LIMITED}, the same headers and
 * {@code Retry-After} (seconds, rounded up). When Redis is unavailable, see
 * {@link LimitSettings#failMode()}; fail-closed answers 503 {@link Refusal#LIMITER_UNAVAILABLE}
 * with {@code Retry-After}.
 *
 * <p>Place it after authentication and route matching: it needs {@link Exchange#app()} and
 * {@link Exchange#route()}, and fails the request with an {@link IllegalStateException} (a 500
 * naming the mistake) without them. Put overload shedding in front of it, so that a shed request
 * costs no Redis round trip and no allowance.
 *
 * <p>Threading: one instance serves every loop; the chain continues on the request's loop.
 */
public final class RateLimit implements Middleware {
    private final Plans plans;
    private final Limiter limiter;

    private RateLimit(Plans plans, Limiter limiter) {
        this.plans = plans;
        this.limiter = limiter;
    }

    /** Limits through {@code redis} (keys under its prefix); the caller keeps owning the connection. */
    public static RateLimit create(Redis redis, LimitSettings settings) {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(settings, "settings");
        boolean open = settings.failMode() == LimitSettings.FailMode.OPEN;
        Availability availability = new Availability(redis.address(),
                open ? "each gateway process limits on its own" : "requests are refused with 503",
                settings.probeInterval().toNanos(), System::nanoTime);
        Limiter limiter = new Limiter(new RedisGcra(redis), open ? LocalGcra.system() : null, availability,
                settings.timeout(), settings.probeInterval());
        return new RateLimit(Plans.of(settings), limiter);
    }

    /** The plans, to check an app's plan where apps are defined. */
    public Plans plans() {
        return plans;
    }

    /** Whether limits are currently shared through Redis (false during an outage). */
    public boolean shared() {
        return limiter.shared();
    }

    /** How many Redis outages the limiter has gone through (each logged once). */
    public long outages() {
        return limiter.outages();
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        Exchange exchange = Exchange.of(ctx);
        GatewayApp app = exchange.app();
        ApiRoute route = exchange.route();
        if (app == null || route == null) {
            throw new IllegalStateException("RateLimit needs the matched route and the authenticated app;"
                    + " put it after route matching and authentication");
        }
        Plan plan = plans.forApp(app);
        Rate apiRate = plan.forApi(route.api());
        Rate appRate = plan.app();
        if (apiRate == null && appRate == null) {
            return next.run();
        }
        return limiter.acquire(ctx.loop(), Ask.of(app.appid(), route.api(), apiRate, appRate)).compose(decision -> {
            if (!decision.allowed()) {
                throw decision.refusal().exception(decision.headers());
            }
            decision.headers().forEach(ctx::set);
            return next.run();
        });
    }

    @Override
    public String toString() {
        return "RateLimit";
    }
}
