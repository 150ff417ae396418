package io.shallot.platform.diagnostics.internal;

import io.shallot.loop.Promise;
import io.shallot.mvc.data.Collection;
import io.shallot.web.HttpException;
import io.shallot.web.client.BodyStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Writes an upload's bytes as it reads them: {@value #CHUNK_BYTES}-byte chunks numbered from 0 under
 * the upload's token, hashed and counted on the way. While full chunks are being inserted the body
 * is paused, so at most one chunk plus the stream's high-water mark is in memory whatever the size.
 * More than {@code maxBytes} fails it with a 413 as soon as the limit is crossed.
 *
 * <p>The promise settles only once no insert is in flight, so a caller that deletes the upload's
 * chunks after a failure deletes all of them.
 */
public final class ChunkWriter {
    public static final int CHUNK_BYTES = 255 * 1024;

    /** What was written. */
    public record Written(long size, String sha256, int chunks) {
    }

    private final BodyStream body;
    private final Collection chunks;
    private final String upload;
    private final long maxBytes;
    private final MessageDigest sha256;
    private byte[] buffer = new byte[CHUNK_BYTES];
    private int filled;
    private long size;
    private int next;
    private Promise<Void> writing;
    private Throwable writeFailure;

    public ChunkWriter(BodyStream body, Collection chunks, String upload, long maxBytes) {
        this.body = body;
        this.chunks = chunks;
        this.upload = upload;
        this.maxBytes = maxBytes;
        this.sha256 = sha256();
        this.writing = Promise.<Void>resolve(body.loop(), null);
    }

    /** Reads the body to its end and writes it; rejects with the read's or a write's failure. */
    public Promise<Written> run() {
        return body.read(this::accept)
                .then(ended -> (Throwable) null, failure -> failure)
                .compose(readFailure -> writing.then(done -> readFailure, failure -> failure))
                .compose(failure -> {
                    if (writeFailure != null) {
                        return Promise.<Void>reject(body.loop(), writeFailure);
                    }
                    if (failure != null) {
                        return Promise.<Void>reject(body.loop(), failure);
                    }
                    if (size == 0) {
                        throw Checks.bad("the log is empty");
                    }
                    return filled == 0 ? Promise.<Void>resolve(body.loop(), null) : insert(List.of(piece()));
                })
                .then(done -> new Written(size, HexFormat.of().formatHex(sha256.digest()), next));
    }

    private void accept(byte[] bytes) {
        size += bytes.length;
        if (size > maxBytes) {
            throw new HttpException(413, "the log is larger than " + maxBytes + " bytes");
        }
        sha256.update(bytes);
        List<Document> full = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int take = Math.min(bytes.length - at, CHUNK_BYTES - filled);
            System.arraycopy(bytes, at, buffer, filled, take);
            filled += take;
            at += take;
            if (filled == CHUNK_BYTES) {
                full.add(piece());
            }
        }
        if (!full.isEmpty()) {
            body.pause();
            writing = writing.compose(done -> insert(full)).then(done -> {
                body.resume();
                return null;
            }, failure -> {
                writeFailure = failure;
                body.cancel();
                return null;
            });
        }
    }

    private Document piece() {
        byte[] data = filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
        Document chunk = new Document("upload", upload).append("n", next++).append("data", new Binary(data));
        buffer = new byte[CHUNK_BYTES];
        filled = 0;
        return chunk;
    }

    private Promise<Void> insert(List<Document> pieces) {
        return chunks.insertMany(pieces).then(result -> null);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
