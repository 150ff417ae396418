package io.shallot.web.server.internal;

import java.util.Map;

/** A context the router can tell which route matched. */
public interface RouteAware {
    void route(String pattern, Map<String, String> params);
}
