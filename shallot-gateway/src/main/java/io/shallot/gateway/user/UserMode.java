package io.shallot.gateway.user;

/**
 * What a route asks of the end user on whose behalf an app calls it, the {@code user} of a route
 * in the gateway's YAML ({@code none}, {@code optional}, {@code required}).
 */
public enum UserMode {
    /** The user token is neither looked at nor forwarded: the upstream learns no user. */
    NONE,
    /** Without a user token the call goes on without a user; a token that is sent must verify. */
    OPTIONAL,
    /** A verified user token is required. */
    REQUIRED
}
