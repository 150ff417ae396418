package io.shallot.platform.diagnostics;

import java.time.Instant;

/**
 * A request for a client's logs and, once uploaded, the log.
 *
 * @param id        32 hex digits, random: the app needs only this to upload
 * @param deviceId  the target device, or null
 * @param userId    the target user, or null
 * @param from      the start of the requested time range
 * @param to        its end
 * @param reason    the operator's reason
 * @param status    its status at the time it was read
 * @param createdAt when it was requested
 * @param expiresAt when it expires unless uploaded
 * @param log       the uploaded log, or null
 */
public record Pull(String id, String deviceId, String userId, Instant from, Instant to, String reason,
        PullStatus status, Instant createdAt, Instant expiresAt, LogFile log) {
}
