package io.shallot.examples.contents;

import io.shallot.loop.Promise;
import io.shallot.web.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document's {@code contentService.filterUserinfo}: collects the user ids of the contents,
 * fetches their infos in one batch, and merges each as {@code user_info} ({@code {}} for an
 * unknown user). When the lookup fails (API server down or slow) the contents are still served,
 * every {@code user_info} empty, and a warning is logged.
 */
public final class ContentService {
    private static final Logger LOG = LoggerFactory.getLogger(ContentService.class);
    private final UserDirectory users;

    public ContentService(UserDirectory users) {
        this.users = users;
    }

    public Promise<List<Map<String, Object>>> filterUserinfo(Context ctx, List<Document> contents) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (Document content : contents) {
            if (content.get("user_id") instanceof Number id) {
                ids.add(id.intValue());
            }
        }
        if (ids.isEmpty()) {
            return Promise.resolve(ctx.loop(), merge(contents, Map.of()));
        }
        return users.lookup(ctx, ids)
                .recover(error -> {
                    LOG.warn("user infos unavailable, serving contents without them: {}", error.getMessage());
                    return Map.of();
                })
                .then(found -> merge(contents, found));
    }

    private static List<Map<String, Object>> merge(List<Document> contents, Map<Integer, Map<String, Object>> users) {
        List<Map<String, Object>> merged = new ArrayList<>(contents.size());
        for (Document content : contents) {
            Map<String, Object> item = new LinkedHashMap<>(content);
            Map<String, Object> user = content.get("user_id") instanceof Number id ? users.get(id.intValue()) : null;
            item.put("user_info", user == null ? Map.of() : user);
            merged.add(item);
        }
        return merged;
    }
}
