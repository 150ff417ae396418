package io.shallot.mvc.data;

/**
 * A database operation failed. The message names the operation and the namespace
 * ({@code find on nodejs_cloumn.user failed}); the driver's own message, which may quote data or
 * server internals, stays in the {@linkplain #getCause() cause}, for logs only. The web layer
 * answers such errors with a generic 500 envelope.
 */
public final class DataException extends RuntimeException {
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
