package io.shallot.web.middleware.internal;

import io.shallot.web.Context;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The {@code Vary} header as a set of field names (RFC 9110 §12.5.5): adding never duplicates. */
public final class Vary {
    private Vary() {
    }

    public static void add(Context ctx, String... fields) {
        String before = ctx.responseHeader("Vary");
        String merged = merge(before == null ? "" : before, String.join(", ", fields));
        if (!merged.isEmpty()) {
            ctx.set("Vary", merged);
        }
    }

    /** The field names of both lists, each once (case-insensitively), in order; {@code *} absorbs all. */
    public static String merge(String a, String b) {
        Set<String> seen = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder();
        for (String field : (a + "," + b).split(",")) {
            String f = field.trim();
            if (!f.isEmpty() && seen.add(f.toLowerCase(Locale.ROOT))) {
                if (f.equals("*")) {
                    return "*";
                }
                out.append(out.isEmpty() ? "" : ", ").append(f);
            }
        }
        return out.toString();
    }
}
