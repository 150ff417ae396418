package io.shallot.platform.diagnostics.internal;

import com.mongodb.client.model.Filters;
import io.shallot.mvc.data.Collection;
import io.shallot.web.client.BodyStream;
import org.bson.types.Binary;

/**
 * Streams a stored log chunk by chunk: one chunk is read from MongoDB when the stream has room for
 * it, so a download holds about one chunk in memory. A missing chunk or a size that does not add
 * up fails the stream (the client sees a truncated body, never a wrong one that looks whole).
 */
public final class ChunkReader {
    private final Collection chunks;
    private final String upload;
    private final int count;
    private final long size;
    private final BodyStream out;
    private int next;
    private long sent;
    private boolean cancelled;

    private ChunkReader(Collection chunks, String upload, int count, long size) {
        this.chunks = chunks;
        this.upload = upload;
        this.count = count;
        this.size = size;
        this.out = BodyStream.create();
    }

    /** A stream of the upload's bytes, on the current loop; reading starts at once. */
    public static BodyStream open(Collection chunks, String upload, int count, long size) {
        ChunkReader reader = new ChunkReader(chunks, upload, count, size);
        reader.out.onCancel(reason -> reader.cancelled = true);
        reader.out.onDrain(reader::pump);
        reader.pump();
        return reader.out;
    }

    private void pump() {
        if (cancelled) {
            return;
        }
        if (next == count) {
            if (sent == size) {
                out.end();
            } else {
                out.fail(new IllegalStateException("log " + upload + " has " + sent + " bytes, not " + size));
            }
            return;
        }
        int n = next;
        chunks.findOne(Filters.and(Filters.eq("upload", upload), Filters.eq("n", n))).then(found -> {
            if (cancelled) {
                return null;
            }
            if (found.isEmpty()) {
                out.fail(new IllegalStateException("log " + upload + " lacks chunk " + n));
                return null;
            }
            byte[] data = found.get().get("data", Binary.class).getData();
            next++;
            sent += data.length;
            if (out.write(data)) {
                pump();
            }
            return null;
        }, failure -> {
            if (!cancelled) {
                out.fail(failure);
            }
            return null;
        });
    }
}
