package io.shallot.platform.diagnostics;

import java.time.Instant;

/**
 * A report as kept.
 *
 * @param id         32 hex digits
 * @param receivedAt when the service received it, by its clock: the time filters and retention use
 * @param report     what the client sent
 */
public record StoredReport(String id, Instant receivedAt, Report report) {
}
