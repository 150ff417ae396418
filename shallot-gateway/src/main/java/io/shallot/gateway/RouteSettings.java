package io.shallot.gateway;

import io.shallot.gateway.user.UserMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One entry of the {@code routes} list in the gateway's YAML, bound strictly; becomes an
 * {@link ApiRoute}. Absent fields default: any host, any method, priority 2, prefix kept, the
 * upstream's own timeout, no end user ({@code user: none}; {@code optional} and {@code required}
 * need {@code gateway.users} keys, see {@link io.shallot.gateway.user.UserIdentity}).
 *
 * <pre>
 * routes:
 *   - api: contents.read
 *     prefix: /v1/contents
 *     methods: [GET]
 *     upstream: restful
 *     priority: 1
 *   - {api: users.messages, prefix: /v1/users, upstream: platform, user: required}
 * </pre>
 */
public record RouteSettings(String api, String host, String prefix, List<String> methods, String upstream,
                            Integer priority, Boolean stripPrefix, Duration timeout, UserMode user) {
    public static final int DEFAULT_PRIORITY = 2;

    public RouteSettings {
        user = user == null ? UserMode.NONE : user;
    }

    public ApiRoute toRoute() {
        return new ApiRoute(api, host, prefix, methods == null ? Set.of() : Set.copyOf(methods), upstream,
                priority == null ? DEFAULT_PRIORITY : priority, Boolean.TRUE.equals(stripPrefix), timeout, user);
    }
}
