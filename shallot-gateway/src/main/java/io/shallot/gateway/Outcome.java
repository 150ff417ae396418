package io.shallot.gateway;

import java.util.Locale;

/**
 * How a request through the gateway ended, the {@code outcome} tag of its metrics: one value per
 * kind of refusal a client or an operator would tell apart.
 */
public enum Outcome {
    OK,
    BAD_REQUEST,
    NOT_FOUND,
    UNAUTHENTICATED,
    FORBIDDEN,
    LIMITED,
    SHED,
    UPSTREAM_ERROR,
    /** The gateway itself failed (a bug or an unreachable store): a 500 the operator must look at. */
    ERROR;

    /** The tag value: {@code upstream_error}, {@code ok}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
