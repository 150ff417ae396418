package io.shallot.examples.contents;

import io.shallot.loop.Promise;
import io.shallot.mvc.Controller;

/**
 * The RESTful server's controller: {@code list} (async, the document's {@code content.list}) and
 * {@code test} (sync, answers {@code good} from a virtual thread).
 */
public final class ContentController extends Controller {
    static final int MAX_SIZE = 50;

    public Promise<Object> list() {
        Integer page = positive("page", 1, Integer.MAX_VALUE / MAX_SIZE);
        Integer size = positive("size", 10, MAX_SIZE);
        if (page == null || size == null) {
            return Promise.resolve(ctx().loop(), resApi(false,
                    "params error: page is a positive integer, size is 1.." + MAX_SIZE, null, 400));
        }
        return service(ContentModel.class).page(page, size)
                .compose(contents -> service(ContentService.class).filterUserinfo(ctx(), contents))
                .then(contents -> resApi(true, "success", contents));
    }

    public String test() {
        return "good";
    }

    private Integer positive(String name, int fallback, int max) {
        String value = ctx().query(name);
        if (value == null) {
            return fallback;
        }
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int n = Integer.parseInt(value);
        return n >= 1 && n <= max ? n : null;
    }
}
