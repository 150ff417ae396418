package io.shallot.cluster.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;

/**
 * The IPC framing of every shallot socket (CLI ↔ daemon, worker ↔ daemon): a 4-byte big-endian
 * length, then that many bytes of UTF-8 JSON ({@link Json}), one object per frame. The worker side
 * (in shallot-web's cluster agent) writes the same bytes without depending on this module.
 */
public final class Frames {
    public static final int MAX_FRAME = 16 * 1024 * 1024;

    private Frames() {
    }

    /** Adds the frame decoder to a Netty pipeline; the handler after it receives one {@link ByteBuf} per frame. */
    public static void decoder(ChannelPipeline pipeline) {
        pipeline.addLast("frames", new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4));
    }

    public static Map<String, Object> parse(ByteBuf frame) throws IOException {
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        return Json.object(Json.parse(bytes));
    }

    public static ByteBuf encode(ByteBufAllocator alloc, Map<String, ?> message) {
        byte[] bytes = Json.bytes(message);
        return alloc.buffer(4 + bytes.length).writeInt(bytes.length).writeBytes(bytes);
    }

    public static void write(DataOutputStream out, Map<String, ?> message) throws IOException {
        byte[] bytes = Json.bytes(message);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** The next frame, or null at the end of the stream. */
    public static Map<String, Object> read(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("bad frame length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return Json.object(Json.parse(bytes));
    }
}
