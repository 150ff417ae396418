package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.shallot.web.client.HttpClientException.Kind;
import io.shallot.web.client.internal.PoolKey;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RetryTest {
    private final AtomicInteger crashes = new AtomicInteger();
    private final JdkServer server = new JdkServer()
            .route("/ok", exchange -> JdkServer.respond(exchange, 200, "ok " + exchange.getRequestMethod()))
            .route("/crash", exchange -> {
                crashes.incrementAndGet();
                throw new IOException("handler crashed before answering");
            });
    private final HttpClient client = HttpClient.create();
    private final PoolKey key = new PoolKey("http", "127.0.0.1", server.port());

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void aPooledConnectionFoundClosedAtTheFirstWriteIsRetriedOnceOnAFreshConnection() {
        boolean[] staleClosed = new boolean[1];
        String body = OnLoop.run(loop -> client.get(server.url("/ok")).compose(first -> {
            Channel stale = client.dispatcher().idleChannels(loop, key).get(0);
            stale.pipeline().addFirst(new ClosedBeforeWrite());
            stale.closeFuture().addListener(f -> staleClosed[0] = true);
            return client.send(ClientRequest.post(server.url("/ok")).body("not idempotent, still safe: nothing left"));
        }).then(ClientResponse::text));

        assertThat(body).isEqualTo("ok POST");
        assertThat(staleClosed[0]).isTrue();
        assertThat(server.requests()).isEqualTo(2);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aRequestThatMayHaveReachedTheServerIsNeverRetried() {
        Throwable error = OnLoop.failure(loop -> client.get(server.url("/ok"))
                .compose(first -> client.get(server.url("/crash"))));

        assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CONNECTION_CLOSED);
        assertThat(error).hasMessageContaining("GET " + server.url("/crash"));
        assertThat(crashes.get()).isEqualTo(1);
    }

    /** Fails every write as if the peer had closed the channel before it: nothing reaches the socket. */
    private static final class ClosedBeforeWrite extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new ClosedChannelException());
        }
    }
}
