package io.shallot.cluster.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The IPC framing of every shallot socket (CLI ↔ daemon, worker ↔ daemon): a 4-byte big-endian
 * length, then that many bytes of UTF-8 JSON, one object per frame. The worker side (in
 * shallot-web's cluster agent) writes the same bytes without depending on this module.
 */
public final class Frames {
    public static final int MAX_FRAME = 16 * 1024 * 1024;
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Frames() {
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Adds the frame decoder to a Netty pipeline; the handler after it receives one {@link ByteBuf} per frame. */
    public static void decoder(ChannelPipeline pipeline) {
        pipeline.addLast("frames", new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4));
    }

    public static JsonNode parse(ByteBuf frame) throws IOException {
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        return JSON.readTree(bytes);
    }

    public static ByteBuf encode(io.netty.buffer.ByteBufAllocator alloc, JsonNode message) {
        byte[] bytes = bytes(message);
        return alloc.buffer(4 + bytes.length).writeInt(bytes.length).writeBytes(bytes);
    }

    private static byte[] bytes(JsonNode message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(DataOutputStream out, JsonNode message) throws IOException {
        byte[] bytes = bytes(message);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    /** The next frame, or null at the end of the stream. */
    public static JsonNode read(DataInputStream in) throws IOException {
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
        return JSON.readTree(bytes);
    }
}
