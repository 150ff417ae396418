package io.shallot.examples.contents;

import io.shallot.loop.Promise;
import io.shallot.web.Context;
import java.util.Map;
import java.util.Set;

/**
 * Looks up user infos by id in one batch; ids it does not know are absent from the answer. The
 * context is the request the lookup serves, whose trace a remote call carries on.
 */
@FunctionalInterface
public interface UserDirectory {
    Promise<Map<Integer, Map<String, Object>>> lookup(Context ctx, Set<Integer> ids);
}
