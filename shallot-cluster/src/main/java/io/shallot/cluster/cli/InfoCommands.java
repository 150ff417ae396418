package io.shallot.cluster.cli;

import io.shallot.cluster.config.Units;
import io.shallot.cluster.internal.Json;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that only look: ls, describe, monit. */
final class InfoCommands {
    private InfoCommands() {
    }

    static List<Map<String, Object>> list(CliContext ctx) {
        Object rows = ctx.client().callIfRunning(DaemonClient.request("list"));
        return rows != null ? DaemonClient.rows(rows) : List.of();
    }

    @Command(name = "ls", aliases = {"list", "status"}, mixinStandardHelpOptions = true,
            description = {"Lists every process: id, name, mode, pid, status, restarts, uptime, cpu, memory,",
                "and for shallot servers the requests/s and event-loop delay they report."})
    static final class Ls implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--json", description = "print the processes as a JSON array")
        boolean json;

        Ls(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            AppCommands.print(ctx, list(ctx), json);
            return 0;
        }
    }

    @Command(name = "describe", aliases = "show", mixinStandardHelpOptions = true,
            description = "Everything about an app: its settings, log files and each process.")
    static final class Describe implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "NAME|ID")
        String target;

        @Option(names = "--json", description = "print as JSON")
        boolean json;

        Describe(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Object reply = ctx.client().callIfRunning(DaemonClient.request("describe", "target", target));
            if (reply == null) {
                throw new CliException("no daemon is running");
            }
            if (json) {
                ctx.out().println(Json.write(reply));
                ctx.out().flush();
                return 0;
            }
            PrintWriter out = ctx.out();
            for (Map<String, Object> app : DaemonClient.rows(reply)) {
                out.println("app " + Json.text(app, "name"));
                for (Map.Entry<String, Object> e : DaemonClient.object(app.get("spec")).entrySet()) {
                    if (e.getValue() != null) {
                        out.printf("  %-18s %s%n", e.getKey(), e.getValue() instanceof String s ? s : Json.write(e.getValue()));
                    }
                }
                out.println("processes");
                List<Map<String, Object>> processes = DaemonClient.rows(app.get("processes"));
                Table.print(out, processes);
                for (Map<String, Object> p : processes) {
                    out.printf("  %s: out %s%n         error %s%n", p.containsKey("id") ? "id " + Json.text(p, "id") : "spare",
                            Json.text(p, "out_log"),
                            Json.text(p, "error_log"));
                    if (p.containsKey("last_exit_code")) {
                        out.printf("         last exit code %s%s%n", Json.text(p, "last_exit_code"),
                                p.containsKey("reason") ? " (" + Json.text(p, "reason") + ")" : "");
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "monit", mixinStandardHelpOptions = true,
            description = "A live view of every process, refreshed each second (Ctrl-C quits).")
    static final class Monit implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--count", defaultValue = "0", description = "refresh this many times, then quit (0: until Ctrl-C)")
        int count;

        @Option(names = "--interval", defaultValue = "1000", description = "refresh interval in ms")
        long intervalMs;

        Monit(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws InterruptedException {
            for (int i = 0; count == 0 || i < count; i++) {
                if (i > 0) {
                    Thread.sleep(intervalMs);
                }
                render(ctx.out(), list(ctx));
            }
            return 0;
        }

        static void render(PrintWriter out, List<Map<String, Object>> rows) {
            out.print("\u001b[H\u001b[2J");
            out.println("shallot monit  " + LocalTime.now().withNano(0) + "   (Ctrl-C quits)");
            out.println();
            for (Map<String, Object> r : rows) {
                boolean running = Json.longValue(r, "pid", 0) > 0;
                out.printf(Locale.ROOT, "[%s] %-16s %-8s %-15s pid %-8s restarts %s%n", Table.id(r),
                        Json.text(r, "name"), Json.text(r, "mode"), Json.text(r, "status"),
                        running ? Json.text(r, "pid") : "-", Json.text(r, "restarts"));
                double cpu = Json.doubleValue(r, "cpu", 0);
                out.printf(Locale.ROOT, "     cpu %s %5.1f%%   mem %-10s", bar(cpu / 100), cpu, Units.formatBytes(Json.longValue(r, "memory", 0)));
                if (r.containsKey("rps")) {
                    out.printf(Locale.ROOT, "   req/s %-8.1f loop delay %.1f ms   connections %s", Json.doubleValue(r, "rps", 0),
                            Json.doubleValue(r, "loop_delay_ms", 0), Json.text(r, "connections"));
                }
                out.println();
            }
            if (rows.isEmpty()) {
                out.println("no apps");
            }
            out.flush();
        }

        private static String bar(double fraction) {
            int n = (int) Math.round(Math.max(0, Math.min(1, fraction)) * 20);
            return "[" + "|".repeat(n) + " ".repeat(20 - n) + "]";
        }
    }
}
