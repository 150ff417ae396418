package io.shallot.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopGroupTest {

    private static <T> T onLoop(Loop loop, java.util.function.Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    @Test
    void nLoopsRunOnNDistinctThreads() throws Exception {
        try (LoopGroup group = LoopGroup.create(3, LoopOptions.defaults().withThreadName("group-test"))) {
            assertThat(group.loops()).hasSize(3).doesNotHaveDuplicates();
            Set<Thread> threads = new HashSet<>();
            for (Loop loop : group.loops()) {
                Thread thread = onLoop(loop, () -> {
                    assertThat(Loop.current()).isSameAs(loop);
                    assertThat(loop.inLoop()).isTrue();
                    return Thread.currentThread();
                });
                assertThat(thread.getName()).startsWith("group-test");
                assertThat(loop.name()).isEqualTo(thread.getName());
                assertThat(loop.inLoop()).isFalse();
                threads.add(thread);
            }
            assertThat(threads).hasSize(3);
        }
    }

    @Test
    void theDefaultGroupHasOneLoopPerCore() {
        try (LoopGroup group = LoopGroup.create()) {
            assertThat(group.loops()).hasSize(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void aGroupNeedsAtLeastOneLoop() {
        assertThatThrownBy(() -> LoopGroup.create(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one loop");
    }

    @Test
    void nextSpreadsOverEveryLoop() {
        for (int size : new int[] {3, 4}) {
            try (LoopGroup group = LoopGroup.create(size)) {
                List<Loop> picked = new ArrayList<>();
                for (int i = 0; i < size * 2; i++) {
                    picked.add(group.next());
                }
                assertThat(group.loops()).containsAll(picked);
                assertThat(new HashSet<>(picked)).hasSize(size);
                for (Loop loop : group.loops()) {
                    assertThat(picked).filteredOn(l -> l == loop).hasSize(2);
                }
            }
        }
    }

    @Test
    void loopOfANettyChildMapsBackToItsLoop() {
        try (LoopGroup group = LoopGroup.create(2)) {
            List<Loop> mapped = new ArrayList<>();
            for (EventExecutor child : group.netty()) {
                Loop loop = Loop.of(child);
                assertThat(loop.netty()).isSameAs(child);
                mapped.add(loop);
            }
            assertThat(mapped).containsExactlyElementsOf(group.loops());
            assertThat(Loop.of(group.netty().next())).isIn(group.loops());
        }
        assertThatThrownBy(() -> Loop.of(GlobalEventExecutor.INSTANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a Shallot loop");
    }

    @Test
    void shutdownCompletesAndEndsEveryLoop() throws Exception {
        LoopGroup group = LoopGroup.create(2);
        for (Loop loop : group.loops()) {
            onLoop(loop, () -> loop.setTimeout(() -> { }, 60_000)); // pending work does not hold a shutdown
        }
        group.shutdown().get(30, TimeUnit.SECONDS);
        assertThat(group.netty().isTerminated()).isTrue();
        for (Loop loop : group.loops()) {
            assertThat(loop.terminated()).isDone();
            assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        }
        group.close(); // idempotent
    }

    @Test
    void aNettyServerOnTheGroupAcceptsARealConnectionAndItsHandlerRunsOnALoop() throws Exception {
        try (LoopGroup group = LoopGroup.create(2, LoopOptions.defaults().withThreadName("server-test"))) {
            CompletableFuture<String> seen = new CompletableFuture<>();
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group.netty())
                    .channel(Transport.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf in = (ByteBuf) msg;
                                    String text = in.toString(StandardCharsets.UTF_8);
                                    in.release();
                                    Loop loop = Loop.current();
                                    seen.complete("current is the channel's loop " + (loop == Loop.of(ctx.channel().eventLoop()))
                                            + ", in group " + group.loops().contains(loop)
                                            + ", inLoop " + loop.inLoop()
                                            + ", thread " + Thread.currentThread().getName().startsWith("server-test"));
                                    // the loop API works from a channel handler: reply from the check phase
                                    loop.setImmediate(() -> ctx.writeAndFlush(
                                                    Unpooled.copiedBuffer("echo:" + text, StandardCharsets.UTF_8))
                                            .addListener(ChannelFutureListener.CLOSE));
                                }
                            });
                        }
                    });
            Channel server = bootstrap.bind("127.0.0.1", 0).sync().channel();
            try {
                assertThat(Loop.of(server.eventLoop())).isIn(group.loops());
                int port = ((InetSocketAddress) server.localAddress()).getPort();
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    out.write("hello".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    InputStream in = socket.getInputStream();
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("echo:hello");
                }
                assertThat(seen.get(30, TimeUnit.SECONDS))
                        .isEqualTo("current is the channel's loop true, in group true, inLoop true, thread true");
            } finally {
                server.close().sync();
            }
        }
    }
}
