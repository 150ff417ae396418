package io.shallot.loop.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The recorded cases (src/test/resources/conformance: NAME.js + NAME.out) and their Java ports. */
final class Corpus {
    /** Classes holding the ports: {@code public static void NAME(Ctx c)}, one per NAME.js. */
    static final List<Class<?>> PORT_CLASSES = List.of(
            DocPorts.class, MicrotaskPorts.class, PromisePorts.class, TimerPorts.class,
            ImmediatePorts.class, FsPorts.class, NetPorts.class);

    /**
     * Cases whose port waits for the net API (io.shallot.loop.net). Keep this tiny: a name here
     * must have a .js and no port; the test fails once a port appears, so the entry gets removed.
     */
    static final Set<String> PENDING_NET = Set.of();

    private Corpus() {
    }

    static Path dir() {
        URL url = Corpus.class.getClassLoader().getResource("conformance");
        if (url == null) {
            throw new IllegalStateException("conformance/ is not on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Case names (NAME of NAME.js), sorted. */
    static List<String> names() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".js"))
                    .map(n -> n.substring(0, n.length() - 3))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String expected(String name) {
        Path out = dir().resolve(name + ".out");
        if (!Files.exists(out)) {
            throw new AssertionError(name + ".out is missing: record it with conformance/record.sh " + name);
        }
        try {
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NAME -> port. Fails on two ports with one name. */
    static Map<String, Consumer<Ctx>> ports() {
        Map<String, Consumer<Ctx>> ports = new TreeMap<>();
        for (Class<?> type : PORT_CLASSES) {
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers())
                        && m.getParameterCount() == 1 && m.getParameterTypes()[0] == Ctx.class) {
                    Consumer<Ctx> port = c -> invoke(m, c);
                    if (ports.put(m.getName(), port) != null) {
                        throw new IllegalStateException("two ports named " + m.getName());
                    }
                }
            }
        }
        return ports;
    }

    private static void invoke(Method m, Ctx c) {
        try {
            m.invoke(null, c);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new RuntimeException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A readable line diff (LCS): "  " same, "- " expected only (Node), "+ " actual only. */
    static String diff(String expected, String actual) {
        List<String> a = lines(expected);
        List<String> b = lines(actual);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.append("    ").append(a.get(i++)).append('\n');
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.append("  + ").append(b.get(j++)).append('\n');
            } else {
                out.append("  - ").append(a.get(i++)).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
