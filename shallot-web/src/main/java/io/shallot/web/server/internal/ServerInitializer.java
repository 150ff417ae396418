package io.shallot.web.server.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.shallot.web.server.ServerOptions;

/**
 * Each accepted connection: Netty's HTTP/1.1 codec with our limits, the gate that adds compression
 * once a request asks for it, then the connection handler.
 */
public final class ServerInitializer extends ChannelInitializer<Channel> {
    private final AppHandle app;
    private final ServerOptions options;
    private final ChannelGroup connections;
    private final ErrorLogBudget errorLog = ErrorLogBudget.create();

    public ServerInitializer(AppHandle app, ServerOptions options, ChannelGroup connections) {
        this.app = app;
        this.options = options;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(options.maxRequestLineBytes())
                .setMaxHeaderSize(options.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024);
        ch.pipeline().addLast("codec", new HttpServerCodec(decoder));
        if (options.compressionThresholdBytes() >= 0) {
            ch.pipeline().addLast("compress-gate", new CompressionGate(options.compressionThresholdBytes()));
        }
        ch.pipeline().addLast("connection", new ConnectionHandler(app, options, errorLog));
    }
}
