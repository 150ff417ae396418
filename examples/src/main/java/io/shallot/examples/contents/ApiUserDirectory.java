package io.shallot.examples.contents;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.loop.Promise;
import io.shallot.mvc.ApiCenter;
import io.shallot.web.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** User infos from the API server, one call per batch, through {@link ApiCenter}. */
public final class ApiUserDirectory implements UserDirectory {
    private static final TypeReference<List<Map<String, Object>>> USERS = new TypeReference<>() { };
    private final ApiCenter api;
    private final ObjectMapper mapper;

    public ApiUserDirectory(ApiCenter api, ObjectMapper mapper) {
        this.api = api;
        this.mapper = mapper;
    }

    @Override
    public Promise<Map<Integer, Map<String, Object>>> lookup(Context ctx, Set<Integer> ids) {
        String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        return api.get(ctx, "api", "/v1/userinfos?user_ids=" + list).then(this::byId);
    }

    private Map<Integer, Map<String, Object>> byId(JsonNode data) {
        Map<Integer, Map<String, Object>> users = new HashMap<>();
        for (Map<String, Object> user : mapper.convertValue(data, USERS)) {
            if (user.get("id") instanceof Number id) {
                users.put(id.intValue(), user);
            }
        }
        return users;
    }
}
