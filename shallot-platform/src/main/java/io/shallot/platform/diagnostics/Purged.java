package io.shallot.platform.diagnostics;

/**
 * What one {@link Diagnostics#purge()} deleted.
 *
 * @param reports the debug reports older than the retention
 * @param pulls   the pulls that expired unuploaded, and those whose log outlived the retention
 */
public record Purged(long reports, long pulls) {
}
