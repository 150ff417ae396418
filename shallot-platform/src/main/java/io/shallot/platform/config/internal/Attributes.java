package io.shallot.platform.config.internal;

import io.shallot.web.HttpException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The forms of what a client says about itself and of the names in the config API, each checked
 * and brought to its canonical case; a value that is not of its form is a 400 naming where it came from.
 */
public final class Attributes {
    private static final Pattern DEVICE = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern CONFIG_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern RULE_ID = Pattern.compile("[0-9a-f]{24}");
    private static final Pattern SALT = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    /** What {@code TrustedUser} lets through as a user: any visible ASCII, as the gateway's tokens name users. */
    private static final Pattern SUBJECT = Pattern.compile("[\\x21-\\x7e]{1,128}");
    /** Longer tags exist in theory only; the bound keeps headers from filling rules and caches. */
    private static final int MAX_LANGUAGE_CHARS = 64;

    private Attributes() {
    }

    public static String device(String field, String raw) {
        String device = raw.toLowerCase(Locale.ROOT);
        if (!DEVICE.matcher(device).matches()) {
            throw new HttpException(400, field + " must be 1 to 32 of a-z 0-9 -, such as ios or android");
        }
        return device;
    }

    public static String region(String field, String raw) {
        String region = raw.toUpperCase(Locale.ROOT);
        if (!REGION.matcher(region).matches()) {
            throw new HttpException(400, field + " must be an ISO 3166 alpha-2 code, such as CN or US");
        }
        return region;
    }

    /** A BCP 47 tag in its canonical case: language lower, script title, region upper ({@code zh-Hant-TW}). */
    public static String language(String field, String raw) {
        if (raw.length() > MAX_LANGUAGE_CHARS || !LANGUAGE.matcher(raw).matches()) {
            throw new HttpException(400, field + " must be a BCP 47 language tag of up to " + MAX_LANGUAGE_CHARS
                    + " characters, such as en-US or zh-Hant-TW");
        }
        String[] subtags = raw.split("-");
        StringBuilder tag = new StringBuilder(subtags[0].toLowerCase(Locale.ROOT));
        boolean extension = false;
        for (int i = 1; i < subtags.length; i++) {
            String subtag = subtags[i].toLowerCase(Locale.ROOT);
            extension |= subtag.length() == 1;
            boolean letters = subtag.chars().allMatch(Character::isLetter);
            if (!extension && letters && subtag.length() == 2) {
                subtag = subtag.toUpperCase(Locale.ROOT);
            } else if (!extension && letters && subtag.length() == 4) {
                subtag = Character.toUpperCase(subtag.charAt(0)) + subtag.substring(1);
            }
            tag.append('-').append(subtag);
        }
        return tag.toString();
    }

    /**
     * Whether a rule's language covers a client's: the same tag, or a prefix of it ending at a
     * subtag boundary, ignoring case ({@code zh} covers {@code zh-Hant-TW}, {@code zh-Hant} not {@code zh-CN}).
     */
    public static boolean languageCovers(String rule, String client) {
        String r = rule.toLowerCase(Locale.ROOT);
        String c = client.toLowerCase(Locale.ROOT);
        return c.equals(r) || c.startsWith(r + "-");
    }

    /** A rollout's salt, as given: it is hashed, so its case matters. */
    public static String salt(String field, String raw) {
        if (raw == null || !SALT.matcher(raw).matches()) {
            throw new HttpException(400, field + " must be 1 to 64 of A-Z a-z 0-9 _ . : -");
        }
        return raw;
    }

    /** A device id a client states for rollouts, as given: it is hashed, so its case matters. */
    public static String deviceId(String field, String raw) {
        if (!DEVICE_ID.matcher(raw).matches()) {
            throw new HttpException(400, field + " must be 1 to 128 of A-Z a-z 0-9 _ . : -");
        }
        return raw;
    }

    /** Who a client is for rollouts: a vouched-for user or a device id. */
    public static String subject(String field, String raw) {
        if (!SUBJECT.matcher(raw).matches()) {
            throw new HttpException(400, field + " must be 1 to 128 visible ASCII characters");
        }
        return raw;
    }

    public static String configName(String name) {
        if (name == null || !CONFIG_NAME.matcher(name).matches()) {
            throw new HttpException(400, "config name must be 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit");
        }
        return name;
    }

    public static String ruleId(String id) {
        if (id == null || !RULE_ID.matcher(id).matches()) {
            throw new HttpException(400, "rule id must be 24 hex digits, as the rule's id reads");
        }
        return id;
    }
}
