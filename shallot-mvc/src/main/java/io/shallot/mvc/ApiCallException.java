package io.shallot.mvc;

/** Why a call through {@link ApiCenter} failed: which service, which request, and the cause. */
public final class ApiCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String service;

    public ApiCallException(String service, String message, Throwable cause) {
        super("call to service '" + service + "' failed: " + message, cause);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
