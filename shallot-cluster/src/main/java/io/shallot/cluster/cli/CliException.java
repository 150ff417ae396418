package io.shallot.cluster.cli;

/** A command that cannot be done; its message is printed as is and the exit code is 1. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
