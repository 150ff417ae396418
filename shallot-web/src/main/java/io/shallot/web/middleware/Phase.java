package io.shallot.web.middleware;

/**
 * Where a built-in middleware belongs in the onion, outermost first. Middleware of an earlier phase
 * must be used before middleware of a later one; within a phase the order is free.
 * {@link Middlewares#checkOrder} enforces this for every {@link Phased} middleware and ignores the
 * rest, so plain {@code (ctx, next)} lambdas can go anywhere.
 */
public enum Phase {
    /** Sees every request and every outcome: request ids, access log, metrics. */
    EDGE,
    /** Policies answered before any work: security headers, CORS, health and metrics endpoints. */
    SECURITY,
    /** Reading and parsing the request body. */
    BODY,
    /** Who is calling: tokens, sessions, permissions. */
    AUTH,
    /** The application: static files, routers. */
    APP
}
