package io.shallot.cluster.config;

import java.util.List;

/** An ecosystem file or start option that cannot be used; the message lists every problem found. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(source + ": " + (problems.size() == 1 ? problems.get(0) : "\n  " + String.join("\n  ", problems)));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
