package io.shallot.platform.config;

/** A file package's bytes as downloaded; {@code bytes} is shared, not copied: do not change it. */
public record PackageBytes(String sha256, String contentType, byte[] bytes) {
}
