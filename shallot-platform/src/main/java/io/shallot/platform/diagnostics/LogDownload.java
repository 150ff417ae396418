package io.shallot.platform.diagnostics;

import io.shallot.web.client.BodyStream;

/**
 * An uploaded log being read: its description and its bytes as a stream on the caller's loop, read
 * from MongoDB a chunk at a time as the stream drains. Hand the stream to {@code ctx.body(...)} or
 * read it; a stream that is neither read nor cancelled holds one chunk until the loop ends.
 */
public record LogDownload(LogFile file, BodyStream body) {
}
