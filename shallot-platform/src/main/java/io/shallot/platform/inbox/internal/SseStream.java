package io.shallot.platform.inbox.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import io.shallot.platform.inbox.Badges;
import io.shallot.platform.inbox.Inbox;
import io.shallot.platform.inbox.InboxEvent;
import io.shallot.platform.inbox.Subscription;
import io.shallot.web.client.BodyStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One user's Server-Sent Events: {@code event: badges} first, then {@code event: message} with
 * each new message and {@code event: badges} whenever they may have changed, and a
 * {@code : ping} comment every heartbeat. Lives on the loop of the request that opened it.
 *
 * <p>Memory stays bounded however slow the client reads: while the socket is backed up
 * ({@link BodyStream#write} said so), new messages are not queued but noted, and once it drains
 * the client gets fresh badges (it lists to catch up). Badge reads never overlap: a change heard
 * during one read causes exactly one more.
 */
public final class SseStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Inbox inbox;
    private final String uid;
    private final Duration heartbeat;
    private final Loop loop;
    private final BodyStream body;
    private Subscription subscription;
    private Timer ping;
    private boolean started;
    private boolean ended;
    private boolean congested;
    private boolean owed;
    private boolean reading;
    private boolean again;

    /** A stream on the current loop; its events are held back until {@link #start}. */
    public SseStream(Inbox inbox, String uid, Duration heartbeat) {
        this.inbox = inbox;
        this.uid = uid;
        this.heartbeat = heartbeat;
        this.loop = Loop.current();
        this.body = BodyStream.create();
        body.onDrain(this::drained);
        body.onCancel(reason -> end());
    }

    /** The response body. */
    public BodyStream body() {
        return body;
    }

    /** Sends the first badges, then whatever was heard meanwhile, and starts the heartbeat. */
    public void start(Subscription subscription, Badges first) {
        this.subscription = subscription;
        if (ended) {
            subscription.close();
            return;
        }
        started = true;
        write("event: badges\ndata: " + json(first) + "\n\n");
        ping = loop.setInterval(() -> write(": ping\n\n"), heartbeat.toMillis());
        if (owed) {
            owed = false;
            refresh();
        }
    }

    /** An inbox event, on this stream's loop. */
    public void hear(InboxEvent event) {
        if (ended) {
            return;
        }
        switch (event.kind()) {
            case CLOSED -> {
                end();
                body.end();
            }
            case MESSAGE -> {
                if (!started || congested) {
                    owed = true;
                } else {
                    write("event: message\ndata: " + event.message() + "\n\n");
                    refresh();
                }
            }
            case BADGES -> {
                if (!started || congested) {
                    owed = true;
                } else {
                    refresh();
                }
            }
        }
    }

    /** Stops the heartbeat and frees the subscription: the client left, or the inbox closed. */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (ping != null) {
            loop.clearInterval(ping);
        }
        if (subscription != null) {
            subscription.close();
        }
    }

    private void refresh() {
        if (reading) {
            again = true;
            return;
        }
        reading = true;
        inbox.badges(uid).then(badges -> {
            if (!ended && !congested) {
                write("event: badges\ndata: " + json(badges) + "\n\n");
            } else {
                owed = true;
            }
            return null;
        }, error -> {
            owed = true;
            return null;
        }).andFinally(() -> {
            reading = false;
            if (again && !ended) {
                again = false;
                refresh();
            }
        });
    }

    private void drained() {
        congested = false;
        if (owed && started && !ended) {
            owed = false;
            refresh();
        }
    }

    private void write(String text) {
        if (!ended && !body.write(text.getBytes(StandardCharsets.UTF_8))) {
            congested = true;
        }
    }

    private static String json(Badges badges) {
        try {
            return JSON.writeValueAsString(badges);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("badges cannot be written as JSON", e);
        }
    }
}
