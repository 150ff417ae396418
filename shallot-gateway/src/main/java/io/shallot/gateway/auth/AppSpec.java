package io.shallot.gateway.auth;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.GatewayApp;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A new app, checked by the same rules the admin API applies to its input. Every rule violation is
 * an {@link IllegalArgumentException} whose message is written for the caller.
 *
 * @param appid         3 to 64 letters, digits, {@code _ - .}, starting with a letter or digit; null
 *                      to have one generated ({@code app_} and 16 random characters)
 * @param name          what people call it, 1 to 100 characters
 * @param apis          the API ids granted ({@code *} for all); each 1 to 128 letters, digits,
 *                      {@code _ - . : /}; at most {@value #MAX_APIS}
 * @param plan          its rate-limit plan, default {@code default}
 * @param priorityClass null, or 0 (critical) to 3 (lowest): raises the priority of its calls
 * @param signed        whether its calls must be signed (see {@link Signer})
 */
public record AppSpec(String appid, String name, Set<String> apis, String plan, Integer priorityClass, boolean signed) {
    public static final int MAX_APIS = 1000;
    private static final Pattern API = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}");
    private static final Pattern PLAN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public AppSpec {
        if (appid != null) {
            requireAppid(appid);
        }
        name = requireName(name);
        apis = requireApis(apis == null ? Set.of() : apis);
        plan = plan == null ? "default" : requirePlan(plan);
        requirePriorityClass(priorityClass);
    }

    /** An app with a generated appid, no APIs, the default plan and no priority class. */
    public static AppSpec named(String name) {
        return new AppSpec(null, name, Set.of(), null, null, false);
    }

    public AppSpec withAppid(String appid) {
        return new AppSpec(appid, name, apis, plan, priorityClass, signed);
    }

    public AppSpec withApis(Set<String> apis) {
        return new AppSpec(appid, name, apis, plan, priorityClass, signed);
    }

    public AppSpec withPlan(String plan) {
        return new AppSpec(appid, name, apis, plan, priorityClass, signed);
    }

    public AppSpec withPriorityClass(Integer priorityClass) {
        return new AppSpec(appid, name, apis, plan, priorityClass, signed);
    }

    public AppSpec withSigned(boolean signed) {
        return new AppSpec(appid, name, apis, plan, priorityClass, signed);
    }

    /** Whether {@code appid} could name an app; anything else is refused before reaching MongoDB. */
    /** Asked on every authenticated call, so checked by hand rather than with a regular expression. */
    public static boolean isAppid(String appid) {
        if (appid == null || appid.length() < 3 || appid.length() > 64 || !letterOrDigit(appid.charAt(0))) {
            return false;
        }
        for (int i = 1; i < appid.length(); i++) {
            char c = appid.charAt(i);
            if (!letterOrDigit(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    public static String requireAppid(String appid) {
        if (appid == null || appid.isEmpty()) {
            throw new IllegalArgumentException("appid must not be empty");
        }
        if (!isAppid(appid)) {
            throw new IllegalArgumentException("appid must be 3 to 64 letters, digits, '_', '-' or '.', starting with"
                    + " a letter or digit");
        }
        return appid;
    }

    public static String requireName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (trimmed.length() > 100 || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name must be at most 100 characters, without control characters");
        }
        return trimmed;
    }

    /** An immutable copy of {@code apis} once every id is checked. */
    public static Set<String> requireApis(Set<String> apis) {
        if (apis.size() > MAX_APIS) {
            throw new IllegalArgumentException("apis may hold at most " + MAX_APIS + " ids, got " + apis.size());
        }
        for (String api : apis) {
            if (api == null || !API.matcher(api).matches()) {
                throw new IllegalArgumentException("api ids are '" + GatewayApp.ALL_APIS + "' or 1 to 128 letters, digits,"
                        + " '_', '-', '.', ':' or '/', starting with a letter or digit");
            }
        }
        return Set.copyOf(apis);
    }

    public static String requirePlan(String plan) {
        if (plan == null || !PLAN.matcher(plan).matches()) {
            throw new IllegalArgumentException("plan must be 1 to 64 letters, digits, '_', '-' or '.', starting with a"
                    + " letter or digit");
        }
        return plan;
    }

    public static Integer requirePriorityClass(Integer priorityClass) {
        if (priorityClass != null && (priorityClass < ApiRoute.CRITICAL || priorityClass > ApiRoute.LOWEST)) {
            throw new IllegalArgumentException("priorityClass must be " + ApiRoute.CRITICAL + " (critical) to "
                    + ApiRoute.LOWEST + " (lowest), or null, got " + priorityClass);
        }
        return priorityClass;
    }
}
