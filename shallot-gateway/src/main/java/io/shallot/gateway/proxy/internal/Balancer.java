package io.shallot.gateway.proxy.internal;

import io.shallot.gateway.proxy.UpstreamSettings;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks a target among those available (healthy, not ejected, not excluded). Round robin takes
 * them in turn; least-in-flight takes the one with the fewest requests in flight, scanning from a
 * rotating start so equal loads still spread. Thread-safe: the turn is one shared counter.
 */
final class Balancer {
    private final UpstreamSettings.Balancer kind;
    private final AtomicLong turn = new AtomicLong();

    Balancer(UpstreamSettings.Balancer kind) {
        this.kind = kind;
    }

    /** The chosen target, or null when none is available. */
    Target pick(List<Target> targets, Target exclude) {
        long now = Target.nowMs();
        return kind == UpstreamSettings.Balancer.ROUND_ROBIN
                ? roundRobin(targets, exclude, now)
                : leastInFlight(targets, exclude, now);
    }

    private Target roundRobin(List<Target> targets, Target exclude, long now) {
        int available = 0;
        for (Target target : targets) {
            if (target != exclude && target.available(now)) {
                available++;
            }
        }
        if (available == 0) {
            return null;
        }
        int k = (int) Math.floorMod(turn.getAndIncrement(), (long) available);
        Target last = null;
        for (Target target : targets) {
            if (target != exclude && target.available(now)) {
                if (k-- == 0) {
                    return target;
                }
                last = target;
            }
        }
        return last;
    }

    private Target leastInFlight(List<Target> targets, Target exclude, long now) {
        int n = targets.size();
        int start = (int) Math.floorMod(turn.getAndIncrement(), (long) n);
        Target best = null;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Target target = targets.get((start + i) % n);
            if (target != exclude && target.available(now) && target.inFlight() < fewest) {
                best = target;
                fewest = target.inFlight();
            }
        }
        return best;
    }
}
