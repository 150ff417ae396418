package io.shallot.web.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponse;
import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.web.client.BodyStream;
import io.shallot.web.client.HttpClientException;
import io.shallot.web.client.HttpClientException.Kind;
import io.shallot.web.client.StreamingResponse;

/**
 * An exchange that settles its promise with the response head and then produces the body into a
 * {@link BodyStream}: socket reads stop while the stream's queue is full and start again on drain;
 * a cancel by the reader closes the connection. The response timeout stops at the head.
 */
final class StreamingExchange extends Exchange {
    private final Deferred<StreamingResponse> result;
    private BodyStream body;

    StreamingExchange(Loop loop, Pool pool, Outbound out, Deferred<StreamingResponse> result) {
        super(loop, pool, out);
        this.result = result;
    }

    @Override
    void onHead(HttpResponse response) {
        stopTimer();
        body = BodyStream.create();
        body.onDrain(() -> {
            if (!done) {
                lease.channel().config().setAutoRead(true);
            }
        });
        body.onCancel(reason -> fail(new HttpClientException(Kind.CANCELLED,
                out.description() + ": the response body was cancelled by its reader", reason)));
        result.resolve(new StreamingResponse(out.description(), response.status().code(),
                HeaderMaps.toMap(response.headers()), body));
    }

    @Override
    void onContent(ByteBuf content) {
        if (content.isReadable() && !body.write(ByteBufUtil.getBytes(content))) {
            lease.channel().config().setAutoRead(false);
        }
    }

    @Override
    void onComplete() {
        body.end();
    }

    @Override
    void onFailed(HttpClientException error) {
        if (body == null) {
            result.reject(error);
        } else {
            body.fail(error);
        }
    }
}
