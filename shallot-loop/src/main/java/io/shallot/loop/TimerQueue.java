package io.shallot.loop;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Node's timer structure (lib/internal/timers.js): one FIFO list per duration and a priority
 * queue of lists ordered by expiry, then by list id. Same-duration timers (request timeouts, the
 * common case) are added and cleared in O(1), and callbacks run in exactly Node's order.
 */
final class TimerQueue {
    static final class TimerList {
        final long msecs;
        long expiry;
        long id;
        Timer head;
        Timer tail;

        TimerList(long msecs, long expiry, long id) {
            this.msecs = msecs;
            this.expiry = expiry;
            this.id = id;
        }
    }

    private final Map<Long, TimerList> lists = new HashMap<>();
    private final PriorityQueue<TimerList> queue = new PriorityQueue<>((a, b) ->
            a.expiry != b.expiry ? Long.compare(a.expiry, b.expiry) : Long.compare(a.id, b.id));
    private long nextListId;
    int refCount;

    void insert(Timer timer, long startMs) {
        timer.startMs = startMs;
        TimerList list = lists.get(timer.delayMs);
        if (list == null) {
            list = new TimerList(timer.delayMs, startMs + timer.delayMs, nextListId++);
            lists.put(timer.delayMs, list);
            queue.add(list);
        }
        timer.list = list;
        timer.prev = list.tail;
        timer.next = null;
        if (list.tail == null) {
            list.head = timer;
        } else {
            list.tail.next = timer;
        }
        list.tail = timer;
        if (timer.ref) {
            refCount++;
        }
    }

    void remove(Timer timer) {
        TimerList list = timer.list;
        if (list == null) {
            return;
        }
        unlink(timer);
        if (list.head == null && lists.get(list.msecs) == list) {
            lists.remove(list.msecs);
            queue.remove(list);
        }
    }

    private void unlink(Timer timer) {
        TimerList list = timer.list;
        if (timer.prev == null) {
            list.head = timer.next;
        } else {
            timer.prev.next = timer.next;
        }
        if (timer.next == null) {
            list.tail = timer.prev;
        } else {
            timer.next.prev = timer.prev;
        }
        timer.prev = null;
        timer.next = null;
        timer.list = null;
        if (timer.ref) {
            refCount--;
        }
    }

    /** The expiry (loop ms) of the earliest list, or {@code Long.MAX_VALUE} when there is none. */
    long nextExpiry() {
        TimerList list = queue.peek();
        return list == null ? Long.MAX_VALUE : list.expiry;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * The timers phase: runs every timer due at {@code now}, list by list, as Node's
     * {@code processTimers}. Timers created by the callbacks start at a later loop time, so they
     * never run in the same phase.
     */
    void runDue(long now, Loop loop) {
        TimerList list;
        while ((list = queue.peek()) != null && list.expiry <= now) {
            runList(list, now, loop);
        }
    }

    private void runList(TimerList list, long now, Loop loop) {
        Timer timer;
        while ((timer = list.head) != null) {
            if (now - timer.startMs < list.msecs) {
                queue.poll();
                list.expiry = Math.max(timer.startMs + list.msecs, now + 1);
                list.id = nextListId++;
                queue.add(list);
                return;
            }
            unlink(timer);
            long start = timer.repeat ? loop.refreshNow() : 0;
            loop.runCallback(timer.callback);
            if (timer.repeat && timer.list == null && !timer.cancelled) {
                insert(timer, start);
            }
        }
        if (lists.get(list.msecs) == list) {
            lists.remove(list.msecs);
            queue.remove(list);
        }
    }
}
