package io.shallot.platform.inbox.internal;

import io.shallot.web.HttpException;
import java.util.List;
import java.util.regex.Pattern;

/** The checks on names that become parts of keys, each a 400 naming the field when it fails. */
public final class Checks {
    public static final int MAX_DOT_DEPTH = 5;
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern DOT_SEGMENT = Pattern.compile("[a-z0-9_-]{1,32}");

    private Checks() {
    }

    public static String uid(String uid) {
        if (uid == null || !UID.matcher(uid).matches()) {
            throw new HttpException(400, "uid must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        return uid;
    }

    public static String category(String category, List<String> categories) {
        if (category == null || !categories.contains(category)) {
            throw new HttpException(400, "category must be one of " + String.join(", ", categories));
        }
        return category;
    }

    public static String topic(String topic, List<String> topics) {
        if (topic == null || !topics.contains(topic)) {
            throw new HttpException(400, "topic must be one of " + String.join(", ", topics));
        }
        return topic;
    }

    public static String messageId(String field, String id) {
        if (!Ticks.validId(id)) {
            throw new HttpException(400, field + " must be a message id: 20 characters of 0-9 a-f");
        }
        return id;
    }

    /** A red dot's path: 1 to {@value #MAX_DOT_DEPTH} dot-separated segments of 1-32 of a-z 0-9 _ -. */
    public static String dotPath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_DOT_DEPTH * 33) {
            throw badPath();
        }
        String[] segments = path.split("\\.", -1);
        if (segments.length > MAX_DOT_DEPTH) {
            throw badPath();
        }
        for (String segment : segments) {
            if (!DOT_SEGMENT.matcher(segment).matches()) {
                throw badPath();
            }
        }
        return path;
    }

    private static HttpException badPath() {
        return new HttpException(400, "path must be 1 to " + MAX_DOT_DEPTH
                + " dot-separated segments of 1-32 characters of a-z 0-9 _ -");
    }
}
