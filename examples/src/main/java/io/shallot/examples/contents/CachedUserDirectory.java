package io.shallot.examples.contents;

import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Cache;
import io.shallot.web.Context;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * User infos through the two-level cache (local, then Redis): only the ids missing from both are
 * fetched, in one batch, from the directory behind it; unknown ids are cached as "not found" too.
 */
public final class CachedUserDirectory implements UserDirectory {
    private final Cache<Map<String, Object>> cache;
    private final UserDirectory source;

    public CachedUserDirectory(Cache<Map<String, Object>> cache, UserDirectory source) {
        this.cache = cache;
        this.source = source;
    }

    @Override
    public Promise<Map<Integer, Map<String, Object>>> lookup(Context ctx, Set<Integer> ids) {
        List<String> keys = ids.stream().map(String::valueOf).toList();
        return cache.getAll(keys, missing -> load(ctx, missing)).then(found -> {
            Map<Integer, Map<String, Object>> users = new HashMap<>();
            found.forEach((key, user) -> {
                if (user != null) {
                    users.put(Integer.valueOf(key), user);
                }
            });
            return users;
        });
    }

    private Promise<Map<String, Map<String, Object>>> load(Context ctx, Set<String> missing) {
        Set<Integer> ids = new HashSet<>();
        missing.forEach(key -> ids.add(Integer.valueOf(key)));
        return source.lookup(ctx, ids).then(users -> {
            Map<String, Map<String, Object>> byKey = new HashMap<>();
            users.forEach((id, user) -> byKey.put(String.valueOf(id), user));
            return byKey;
        });
    }
}
