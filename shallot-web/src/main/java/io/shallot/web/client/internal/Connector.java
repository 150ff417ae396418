package io.shallot.web.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.NetUtil;
import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import io.shallot.loop.Transport;
import io.shallot.web.client.ClientOptions;
import io.shallot.web.client.HttpClientException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Opens connections on the caller's loop: resolves the host (on a virtual thread, since the JDK
 * resolver blocks; IP literals skip it), connects a {@link Transport#socketChannel()} registered on
 * that loop, and for https completes the TLS handshake with host-name verification. One deadline,
 * {@link ClientOptions#connectTimeout()}, covers all three steps. Loop thread only; the callback
 * runs on the loop exactly once, with a ready {@link Connection} or an {@link HttpClientException}.
 */
final class Connector {
    private static final ExecutorService RESOLVER = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("shallot-dns-", 0).factory());

    private final ClientOptions options;
    private final HttpDecoderConfig decoderConfig;

    Connector(ClientOptions options) {
        this.options = options;
        this.decoderConfig = new HttpDecoderConfig()
                .setMaxHeaderSize(options.maxHeaderBytes())
                .setMaxInitialLineLength(Math.min(options.maxHeaderBytes(), 8192));
    }

    void connect(Loop loop, PoolKey key, BiConsumer<Connection, HttpClientException> callback) {
        new Attempt(loop, key, callback).start();
    }

    private final class Attempt {
        private final Loop loop;
        private final PoolKey key;
        private final BiConsumer<Connection, HttpClientException> callback;
        private final long timeoutMs = options.connectTimeout().toMillis();
        private Timer deadline;
        private Channel channel;
        private boolean finished;

        Attempt(Loop loop, PoolKey key, BiConsumer<Connection, HttpClientException> callback) {
            this.loop = loop;
            this.key = key;
            this.callback = callback;
        }

        void start() {
            if (timeoutMs > 0) {
                deadline = loop.setTimeout(() -> fail(new ConnectTimeoutException("connect timed out")), timeoutMs).unref();
            }
            InetAddress literal = NetUtil.createInetAddressFromIpAddressString(key.host());
            if (literal != null) {
                open(literal);
                return;
            }
            try {
                RESOLVER.execute(() -> {
                    InetAddress address = null;
                    Throwable error = null;
                    try {
                        address = InetAddress.getByName(key.host());
                    } catch (Throwable t) {
                        error = t;
                    }
                    InetAddress a = address;
                    Throwable e = error;
                    try {
                        loop.execute(() -> {
                            if (e != null) {
                                fail(e);
                            } else {
                                open(a);
                            }
                        });
                    } catch (RejectedExecutionException ignored) {
                        // the loop has ended; nobody is waiting for this connection any more
                    }
                });
            } catch (RejectedExecutionException e) {
                fail(e);
            }
        }

        private void open(InetAddress address) {
            if (finished) {
                return;
            }
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop.netty())
                    .channel(Transport.socketChannel())
                    .resolver(NoopAddressResolverGroup.INSTANCE)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) throws Exception {
                            if (key.tls()) {
                                ch.pipeline().addLast("tls", sslHandler());
                            }
                            ch.pipeline().addLast("codec", new HttpClientCodec(decoderConfig, false, false));
                            ch.pipeline().addLast("client", new Connection(ch));
                        }
                    });
            ChannelFuture future;
            try {
                future = bootstrap.connect(new InetSocketAddress(address, key.port()));
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            channel = future.channel();
            future.addListener(f -> {
                if (!f.isSuccess()) {
                    fail(f.cause());
                } else if (key.tls()) {
                    channel.pipeline().get(SslHandler.class).handshakeFuture().addListener(h -> {
                        if (h.isSuccess()) {
                            succeed();
                        } else {
                            fail(h.cause());
                        }
                    });
                } else {
                    succeed();
                }
            });
        }

        private SslHandler sslHandler() throws NoSuchAlgorithmException {
            SSLEngine engine = sslContext().createSSLEngine(key.host(), key.port());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
            SslHandler handler = new SslHandler(engine);
            handler.setHandshakeTimeoutMillis(0);
            return handler;
        }

        private void succeed() {
            if (finished) {
                return;
            }
            finished = true;
            clearDeadline();
            callback.accept(channel.pipeline().get(Connection.class), null);
        }

        private void fail(Throwable cause) {
            if (finished) {
                return;
            }
            finished = true;
            clearDeadline();
            if (channel != null) {
                channel.close();
            }
            callback.accept(null, Failures.connect(key, cause, timeoutMs));
        }

        private void clearDeadline() {
            if (deadline != null) {
                loop.clearTimeout(deadline);
                deadline = null;
            }
        }
    }

    private SSLContext sslContext() throws NoSuchAlgorithmException {
        return options.sslContext() != null ? options.sslContext() : SSLContext.getDefault();
    }
}
