package io.shallot.web.server.internal;

import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import java.util.function.Consumer;

/**
 * The one timer of a connection, timing one wait at a time: the wait for the next request, or for
 * a request's chain to settle. Arming moves a deadline and leaves the pending timer alone unless
 * the new deadline comes before it; a timer that fires before the deadline re-arms for the rest
 * (the idea of Node's {@code timeout.refresh()}). So a busy keep-alive connection creates a timer
 * about once per timeout period instead of twice per request. Deadlines count from the loop's
 * cached time ({@link Loop#now()}), as Node's timers do. The timer is unref'd: it never keeps the
 * loop alive. Loop thread only.
 *
 * @param <T> what is being waited for; {@code expired} receives it when its deadline passes
 */
final class Deadline<T> {
    private static final long NONE = Long.MAX_VALUE;

    private final Loop loop;
    private final Consumer<T> expired;
    private Timer timer;
    private long timerDue;
    private long due = NONE;
    private T subject;

    Deadline(Loop loop, Consumer<T> expired) {
        this.loop = loop;
        this.expired = expired;
    }

    /** Times {@code subject}, {@code ms} from now, in place of whatever was timed before. */
    void arm(long ms, T subject) {
        this.due = loop.now() + ms;
        this.subject = subject;
        if (timer == null || timerDue > due) {
            schedule(ms);
        }
    }

    /** Stops timing {@code subject}; a deadline armed for something else stays. */
    void cancel(T subject) {
        if (this.subject == subject) {
            due = NONE;
            this.subject = null;
        }
    }

    /** Stops timing anything and clears the timer: the connection has closed. */
    void close() {
        loop.clearTimeout(timer);
        timer = null;
        due = NONE;
        subject = null;
    }

    private void schedule(long ms) {
        loop.clearTimeout(timer);
        timer = loop.setTimeout(this::fire, ms).unref();
        timerDue = loop.now() + ms;
    }

    private void fire() {
        timer = null;
        if (due == NONE) {
            return;
        }
        long left = due - loop.now();
        if (left > 0) {
            schedule(left);
            return;
        }
        T waited = subject;
        due = NONE;
        subject = null;
        expired.accept(waited);
    }
}
