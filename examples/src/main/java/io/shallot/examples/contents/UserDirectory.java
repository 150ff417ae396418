package io.shallot.examples.contents;

import io.shallot.loop.Promise;
import java.util.Map;
import java.util.Set;

/** Looks up user infos by id in one batch; ids it does not know are absent from the answer. */
@FunctionalInterface
public interface UserDirectory {
    Promise<Map<Integer, Map<String, Object>>> lookup(Set<Integer> ids);
}
