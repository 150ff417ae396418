package io.shallot.platform.diagnostics;

import io.shallot.platform.diagnostics.internal.Checks;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An operator's request for a client's logs. The target is a device, a user, or both; a pull
 * reaches the apps whose device and user match every part of it that is given. Instants are kept
 * to the millisecond, as MongoDB stores them.
 *
 * @param deviceId the device, or null for any device of {@code userId}
 * @param userId   the user, or null for whoever uses {@code deviceId}
 * @param from     the start of the time range the logs should cover
 * @param to       its end, after {@code from}; at most the settings' {@code maxSpan} later
 * @param reason   why, for the audit trail (1-200 characters)
 * @throws io.shallot.web.HttpException 400 naming the field that is wrong
 */
public record PullRequest(String deviceId, String userId, Instant from, Instant to, String reason) {

    public PullRequest {
        Checks.optionalId("target.deviceId", deviceId);
        Checks.optionalId("target.userId", userId);
        if (deviceId == null && userId == null) {
            throw Checks.bad("target must have a deviceId or a userId");
        }
        if (from == null || to == null) {
            throw Checks.bad((from == null ? "from" : "to") + " is required, as an ISO-8601 instant");
        }
        from = from.truncatedTo(ChronoUnit.MILLIS);
        to = to.truncatedTo(ChronoUnit.MILLIS);
        if (!from.isBefore(to)) {
            throw Checks.bad("from must be before to");
        }
        Checks.text("reason", reason, 200, false);
    }
}
