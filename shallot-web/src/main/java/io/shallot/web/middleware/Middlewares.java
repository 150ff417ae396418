package io.shallot.web.middleware;

import io.shallot.loop.Promise;
import io.shallot.web.Compose;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The built-in middleware assembled in phase order, and the check that keeps hand-made stacks in
 * that order.
 *
 * <pre>{@code
 * Metrics metrics = Metrics.create();
 * Health health = Health.create().withCheck("db", db::ping);
 * app.use(Middlewares.defaults(metrics, health))
 *    .use(Cors.allowOrigins("https://app.example"))
 *    .use(router.routes());
 * }</pre>
 */
public final class Middlewares {
    private Middlewares() {
    }

    /** RequestId, AccessLog, SecurityHeaders. */
    public static Middleware defaults() {
        return new Stack(List.of(RequestId.create(), AccessLog.create(), SecurityHeaders.create()));
    }

    /**
     * RequestId, AccessLog, {@code metrics} (recording), SecurityHeaders, {@code metrics}'s
     * {@code /metrics} endpoint, {@code health}'s probes: every request gets an id, a log line and
     * a timer sample, and the endpoints' answers get the security headers too.
     */
    public static Middleware defaults(Metrics metrics, Health health) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(health, "health");
        return new Stack(List.of(RequestId.create(), AccessLog.create(), metrics, SecurityHeaders.create(),
                metrics.endpoint(), health));
    }

    /**
     * Fails when {@link Phased} middleware appear out of {@link Phase} order, with the order to use
     * instead; middleware without a phase are ignored, and stacks made by {@link #defaults} are
     * looked into. Call it with the list you pass to {@code App.use}, at startup.
     *
     * @throws IllegalArgumentException naming the first misplaced middleware and the corrected order
     */
    public static void checkOrder(List<Middleware> middleware) {
        List<Phased> phased = new ArrayList<>();
        for (Middleware m : middleware) {
            Objects.requireNonNull(m, "middleware must not be null: pass a (ctx, next) function");
            collect(m, phased);
        }
        for (int i = 1; i < phased.size(); i++) {
            Phased current = phased.get(i);
            for (int j = 0; j < i; j++) {
                Phased earlier = phased.get(j);
                if (earlier.phase().compareTo(current.phase()) > 0) {
                    List<Phased> sorted = new ArrayList<>(phased);
                    sorted.sort(Comparator.comparing(Phased::phase));
                    throw new IllegalArgumentException("built-in middleware out of order: " + describe(current)
                            + " is used after " + describe(earlier) + ", but phases run "
                            + List.of(Phase.values()).stream().map(Phase::name).collect(Collectors.joining(" → "))
                            + ". Use them in this order (other middleware may go anywhere between): "
                            + sorted.stream().map(Middlewares::describe).collect(Collectors.joining(" → ")));
                }
            }
        }
    }

    private static void collect(Middleware m, List<Phased> into) {
        if (m instanceof Stack stack) {
            stack.members.forEach(member -> collect(member, into));
        } else if (m instanceof Phased p) {
            into.add(p);
        }
    }

    private static String describe(Phased m) {
        return m + " (" + m.phase() + ")";
    }

    /** A composed group whose members {@link #checkOrder} can still see. */
    private static final class Stack implements Middleware {
        private final List<Middleware> members;
        private final Middleware composed;

        Stack(List<Middleware> members) {
            checkOrder(members);
            this.members = members;
            this.composed = Compose.compose(members);
        }

        @Override
        public Promise<Void> handle(Context ctx, Next next) throws Exception {
            return composed.handle(ctx, next);
        }

        @Override
        public String toString() {
            return "defaults" + members;
        }
    }
}
