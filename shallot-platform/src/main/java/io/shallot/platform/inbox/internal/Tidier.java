package io.shallot.platform.inbox.internal;

import static io.shallot.platform.inbox.internal.Store.call;

import io.shallot.loop.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops a topic's expired broadcasts before it is counted or listed, at most once per
 * {@value #EVERY_MS} ms of this instance's clock per topic, so a storm of badge reads does not
 * become a storm of writes on the topic's keys. A broadcast may so be counted up to that long
 * after it expired; a list never shows one (it checks each message's expiry).
 */
public final class Tidier {
    static final long EVERY_MS = 1000;

    private final InboxKeys keys;
    private final InboxScripts scripts;
    private final Map<String, Long> tidied = new ConcurrentHashMap<>();

    public Tidier(InboxKeys keys, InboxScripts scripts) {
        this.keys = keys;
        this.scripts = scripts;
    }

    public Promise<Void> tidy(String topic, long now) {
        Long last = tidied.get(topic);
        if (last != null && now >= last && now - last < EVERY_MS) {
            return Promise.resolve(null);
        }
        tidied.put(topic, now);
        return call(scripts.tidy(keys.topic(topic), now));
    }
}
