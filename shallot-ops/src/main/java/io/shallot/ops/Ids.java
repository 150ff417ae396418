package io.shallot.ops;

import io.shallot.web.HttpException;
import java.util.regex.Pattern;

/**
 * The ids that name boards, activities, members, users and options. They become part of Redis
 * keys, so they are checked before anything is sent: 1 to 64 characters of letters, digits and
 * {@code _ . -}, nothing that could reach into another key ({@code :}, {@code *}, spaces).
 */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Ids() {
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** {@code id} when valid; else the IllegalArgumentException for a configuration naming {@code what}. */
    public static String require(String what, String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException(what + " \"" + id + "\" is not an id (1-64 of A-Z a-z 0-9 _ . -)");
        }
        return id;
    }

    /** {@code id} when valid; else a 400 for a request naming {@code what}. */
    public static String check(String what, String id) {
        if (!valid(id)) {
            throw new HttpException(400, what + " must be 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        return id;
    }
}
