package io.shallot.web.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.shallot.loop.KeepAlive;
import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import io.shallot.web.client.HttpClientException;
import io.shallot.web.client.HttpClientException.Kind;

/**
 * One request/response on one loop, from waiting for a connection to giving it back: it holds a
 * {@link Loop#keepAlive()} and the response timer for as long as it runs, writes the request with a
 * {@link RequestWriter}, follows the response parts, and ends exactly once, in {@link #finish} (the
 * connection is reused when both sides allow it and the request was fully written) or in
 * {@link #fail} (the connection is closed). Subclasses decide what to do with the response.
 *
 * <p>A request whose pooled connection proves dead before any byte left (the write fails with a
 * closed channel) is retried once on a fresh connection; after that, nothing is retried, since the
 * server may have acted on it. Loop thread only.
 */
abstract class Exchange implements Pool.Waiter, Connection.Events, RequestWriter.Listener {
    final Loop loop;
    final Pool pool;
    final Outbound out;
    private final KeepAlive hold;
    private Timer timer;
    ConnectionLease lease;
    private RequestWriter writer;
    HttpResponse head;
    private boolean informational;
    private boolean retried;
    boolean done;

    Exchange(Loop loop, Pool pool, Outbound out) {
        this.loop = loop;
        this.pool = pool;
        this.out = out;
        this.hold = loop.keepAlive();
    }

    final void start() {
        if (out.timeoutMs() > 0) {
            timer = loop.setTimeout(this::timedOut, out.timeoutMs());
        }
        pool.acquire(this, false);
    }

    /** The response head arrived (never an interim 1xx); may call {@link #fail}. */
    abstract void onHead(HttpResponse response);

    /** A piece of the body; the buffer is borrowed and must be copied. May call {@link #fail}. */
    abstract void onContent(ByteBuf content);

    /** The whole response arrived; the connection is already released. */
    abstract void onComplete();

    /** The exchange failed; the connection is already closed and released. */
    abstract void onFailed(HttpClientException error);

    // ---------------------------------------------------------------- pool

    @Override
    public final void leased(ConnectionLease granted) {
        if (done) {
            granted.release(true);
            return;
        }
        lease = granted;
        lease.attach(this);
        writer = new RequestWriter(lease.channel(), out, this);
        writer.start();
    }

    @Override
    public final void failed(HttpClientException error) {
        fail(error);
    }

    // ---------------------------------------------------------------- writer

    @Override
    public final void sendFailed(Throwable cause, boolean nothingSent) {
        if (done) {
            return;
        }
        if (nothingSent && lease.reused() && !retried) {
            retried = true;
            writer.stop(false);
            writer = null;
            ConnectionLease dead = lease;
            lease = null;
            dead.release(false);
            pool.acquire(this, true);
            return;
        }
        fail(Failures.broken(out.description(), "failed while sending the request", cause));
    }

    @Override
    public final void bodyFailed(Throwable cause) {
        fail(new HttpClientException(Kind.CANCELLED,
                out.description() + ": the request body stream failed: " + Failures.describe(cause), cause));
    }

    // ---------------------------------------------------------------- connection

    @Override
    public final void onMessage(HttpObject message) {
        if (done) {
            return;
        }
        if (message.decoderResult().isFailure()) {
            fail(Failures.protocol(out.description(), "cannot decode it", message.decoderResult().cause()));
            return;
        }
        if (message instanceof HttpResponse response) {
            int code = response.status().code();
            if (code == 101) {
                fail(Failures.protocol(out.description(), "101 Switching Protocols is not supported", null));
                return;
            }
            informational = code >= 100 && code < 200;
            if (!informational) {
                head = response;
                onHead(response);
            }
        }
        if (message instanceof HttpContent content && !done) {
            if (informational) {
                informational = !(content instanceof LastHttpContent);
                return;
            }
            onContent(content.content());
            if (!done && content instanceof LastHttpContent) {
                finish();
            }
        }
    }

    @Override
    public final void onInactive() {
        if (!done) {
            fail(Failures.closed(out.description(), head == null ? "before responding"
                    : "before the response body was complete"));
        }
    }

    @Override
    public final void onError(Throwable cause) {
        if (!done) {
            fail(Failures.broken(out.description(), head == null ? "failed before the response arrived"
                    : "failed while reading the response", cause));
        }
    }

    @Override
    public final void onWritabilityChanged() {
        if (writer != null) {
            writer.onWritabilityChanged();
        }
    }

    // ---------------------------------------------------------------- ending

    final void stopTimer() {
        if (timer != null) {
            loop.clearTimeout(timer);
            timer = null;
        }
    }

    final void fail(HttpClientException error) {
        if (done) {
            return;
        }
        done = true;
        stopTimer();
        if (writer != null) {
            writer.stop(true);
        } else if (out.stream() != null) {
            out.stream().cancel();
        }
        if (lease != null) {
            lease.release(false);
        } else {
            pool.cancel(this);
        }
        hold.close();
        onFailed(error);
    }

    private void finish() {
        boolean sent = writer.finished();
        boolean reusable = sent && HttpUtil.isKeepAlive(head)
                && !out.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)
                && lease.channel().isActive();
        if (reusable) {
            lease.keepAliveHint(keepAliveHintMs(head));
        } else if (!sent) {
            writer.stop(true);
        }
        done = true;
        stopTimer();
        lease.release(reusable);
        hold.close();
        onComplete();
    }

    private void timedOut() {
        timer = null;
        String phase = lease == null
                ? "waiting for a connection (" + pool.size() + " open to " + pool.key() + ", " + pool.waitingCount() + " waiting)"
                : head == null ? "waiting for the response" : "reading the response body";
        fail(new HttpClientException(Kind.RESPONSE_TIMEOUT,
                out.description() + " timed out after " + out.timeoutMs() + " ms " + phase));
    }

    /** {@code Keep-Alive: timeout=5, max=100} → 5000; -1 when absent or unreadable. */
    static long keepAliveHintMs(HttpResponse response) {
        String value = response.headers().get("keep-alive");
        if (value != null) {
            for (String part : value.split(",")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                    try {
                        return Math.max(0, Long.parseLong(p.substring(8).trim())) * 1000;
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }
}
