package io.shallot.platform.diagnostics;

import java.time.Instant;

/**
 * An uploaded log, as the app sent it: the bytes are stored and served unchanged.
 *
 * @param size            its length in bytes
 * @param sha256          the SHA-256 of the bytes, in lowercase hex (the download's ETag)
 * @param contentType     the upload's Content-Type ({@code application/octet-stream} when it had none)
 * @param contentEncoding the upload's Content-Encoding (such as gzip), recorded, not decoded; or null
 * @param uploadedAt      when the upload completed
 */
public record LogFile(long size, String sha256, String contentType, String contentEncoding, Instant uploadedAt) {
}
