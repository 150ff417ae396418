package io.shallot.loop;

/**
 * A timer created by {@link Loop#setTimeout} or {@link Loop#setInterval}: Node's {@code Timeout}.
 *
 * <p>Every method must be called on the owning loop's thread; a foreign thread gets an
 * {@link IllegalStateException}. A ref'd timer keeps {@link Loop#run} alive until it fires
 * (or, for an interval, until it is cleared); an unref'd one runs only while something else keeps
 * the loop alive.
 */
public final class Timer {
    final Loop loop;
    final Runnable callback;
    final long delayMs;
    final boolean repeat;
    long startMs;
    boolean ref = true;
    boolean cancelled;
    TimerQueue.TimerList list;
    Timer prev;
    Timer next;

    Timer(Loop loop, Runnable callback, long delayMs, boolean repeat) {
        this.loop = loop;
        this.callback = callback;
        this.delayMs = delayMs;
        this.repeat = repeat;
    }

    /** Makes this timer keep the loop alive again (the default). */
    public Timer ref() {
        loop.checkThread("Timer.ref");
        if (!ref) {
            ref = true;
            if (active()) {
                loop.timers.refCount++;
            }
        }
        return this;
    }

    /** Lets the loop end even though this timer is still pending. */
    public Timer unref() {
        loop.checkThread("Timer.unref");
        if (ref) {
            ref = false;
            if (active()) {
                loop.timers.refCount--;
            }
        }
        return this;
    }

    public boolean hasRef() {
        return ref;
    }

    /** Restarts the countdown from now with the same delay, like Node's {@code timeout.refresh()}. */
    public Timer refresh() {
        loop.checkThread("Timer.refresh");
        if (active()) {
            loop.timers.remove(this);
            loop.timers.insert(this, loop.refreshNow());
        }
        return this;
    }

    /** Same as {@link Loop#clearTimeout(Timer)}. */
    public void close() {
        loop.clearTimeout(this);
    }

    /** True while the timer is scheduled (not fired, for a timeout; not cleared, for an interval). */
    public boolean active() {
        return list != null;
    }
}
