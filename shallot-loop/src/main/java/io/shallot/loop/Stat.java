package io.shallot.loop;

/** What {@link Fs#stat} tells about a path. */
public record Stat(long size, boolean isFile, boolean isDirectory, long mtimeMs) {
}
