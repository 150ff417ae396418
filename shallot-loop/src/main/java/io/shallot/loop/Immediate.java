package io.shallot.loop;

/**
 * A callback queued by {@link Loop#setImmediate}: it runs in the check phase of the current
 * iteration, or of the next one when it was queued from the check phase itself.
 * Loop-thread only, like {@link Timer}.
 */
public final class Immediate {
    final Loop loop;
    final Runnable callback;
    boolean ref = true;
    boolean done;

    Immediate(Loop loop, Runnable callback) {
        this.loop = loop;
        this.callback = callback;
    }

    public Immediate ref() {
        loop.checkThread("Immediate.ref");
        if (!ref && !done) {
            loop.immediateRefs++;
        }
        ref = true;
        return this;
    }

    public Immediate unref() {
        loop.checkThread("Immediate.unref");
        if (ref && !done) {
            loop.immediateRefs--;
        }
        ref = false;
        return this;
    }

    public boolean hasRef() {
        return ref;
    }
}
