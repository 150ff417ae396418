package io.shallot.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One entry of the {@code routes} list in the gateway's YAML, bound strictly; becomes an
 * {@link ApiRoute}. Absent fields default: any host, any method, priority 2, prefix kept, the
 * upstream's own timeout.
 *
 * <pre>
 * routes:
 *   - api: contents.read
 *     prefix: /v1/contents
 *     methods: [GET]
 *     upstream: restful
 *     priority: 1
 * </pre>
 */
public record RouteSettings(String api, String host, String prefix, List<String> methods, String upstream,
                            Integer priority, Boolean stripPrefix, Duration timeout) {
    public static final int DEFAULT_PRIORITY = 2;

    public ApiRoute toRoute() {
        return new ApiRoute(api, host, prefix, methods == null ? Set.of() : Set.copyOf(methods), upstream,
                priority == null ? DEFAULT_PRIORITY : priority, Boolean.TRUE.equals(stripPrefix), timeout);
    }
}
