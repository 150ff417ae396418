package io.shallot.examples.contents;

import io.shallot.loop.Promise;
import io.shallot.mvc.Controller;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API server's {@code GET /v1/userinfos?user_ids=1001,1002}. Ids are checked before anything
 * reaches the database: digits only, at most {@value #MAX_IDS}, so no operator can slip into the
 * query ({@code user_ids[$ne]=} is just another, unknown, parameter).
 */
public final class UserinfoController extends Controller {
    static final int MAX_IDS = 100;

    public Promise<Object> list() {
        List<String> raw = ctx().query().get("user_ids");
        if (raw == null || raw.size() != 1 || raw.get(0).isEmpty()) {
            return Promise.resolve(ctx().loop(), resApi(false, "params error", null, 400));
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (String id : raw.get(0).split(",", -1)) {
            if (!isUserId(id)) {
                return Promise.resolve(ctx().loop(), resApi(false, "params error: user_ids must be comma-separated digits", null, 400));
            }
            ids.add(Integer.parseInt(id));
        }
        if (ids.size() > MAX_IDS) {
            return Promise.resolve(ctx().loop(), resApi(false, "params error: at most " + MAX_IDS + " user_ids per call", null, 400));
        }
        return service(UserModel.class).findByIds(new ArrayList<>(ids))
                .then(users -> resApi(true, "success", users));
    }

    static boolean isUserId(String id) {
        if (id.isEmpty() || id.length() > 9) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
