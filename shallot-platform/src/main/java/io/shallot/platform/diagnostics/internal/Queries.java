package io.shallot.platform.diagnostics.internal;

import io.shallot.web.Context;
import java.util.List;

/**
 * Query parameters read by exact name: a key such as {@code deviceId[$ne]} is another, unknown key
 * and is ignored, so no query ever carries an operator.
 */
public final class Queries {
    private Queries() {
    }

    /** The one value of {@code name}, or null when it is absent or empty; 400 when given twice. */
    public static String optional(Context ctx, String name) {
        List<String> values = ctx.query().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw Checks.bad(name + " must be given once");
        }
        String value = values.getFirst();
        return value.isEmpty() ? null : value;
    }
}
