package io.shallot.cluster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.cluster.config.Units;
import io.shallot.cluster.internal.Frames;
import java.io.PrintWriter;
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

    static JsonNode list(CliContext ctx) {
        JsonNode rows = ctx.client().callIfRunning(DaemonClient.request("list"));
        return rows != null ? rows : Frames.JSON.createArrayNode();
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
            JsonNode apps = ctx.client().callIfRunning(DaemonClient.request("describe").put("target", target));
            if (apps == null) {
                throw new CliException("no daemon is running");
            }
            if (json) {
                ctx.out().println(apps.toString());
                ctx.out().flush();
                return 0;
            }
            PrintWriter out = ctx.out();
            for (JsonNode app : apps) {
                out.println("app " + app.path("name").asText());
                JsonNode spec = app.path("spec");
                for (Map.Entry<String, JsonNode> e : spec.properties()) {
                    if (!e.getValue().isNull()) {
                        out.printf("  %-18s %s%n", e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue());
                    }
                }
                out.println("processes");
                Table.print(out, app.path("processes"));
                for (JsonNode p : app.path("processes")) {
                    out.printf("  %s: out %s%n         error %s%n", p.has("id") ? "id " + p.path("id").asText() : "spare",
                            p.path("out_log").asText(),
                            p.path("error_log").asText());
                    if (p.has("last_exit_code")) {
                        out.printf("         last exit code %s%s%n", p.path("last_exit_code").asText(),
                                p.has("reason") ? " (" + p.path("reason").asText() + ")" : "");
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

        static void render(PrintWriter out, JsonNode rows) {
            out.print("\u001b[H\u001b[2J");
            out.println("shallot monit  " + java.time.LocalTime.now().withNano(0) + "   (Ctrl-C quits)");
            out.println();
            for (JsonNode r : rows) {
                boolean running = r.path("pid").asLong() > 0;
                out.printf(Locale.ROOT, "[%s] %-16s %-8s %-15s pid %-8s restarts %s%n", Table.id(r),
                        r.path("name").asText(), r.path("mode").asText(), r.path("status").asText(),
                        running ? r.path("pid").asText() : "-", r.path("restarts").asText());
                double cpu = r.path("cpu").asDouble();
                out.printf(Locale.ROOT, "     cpu %s %5.1f%%   mem %-10s", bar(cpu / 100), cpu, Units.formatBytes(r.path("memory").asLong()));
                if (r.has("rps")) {
                    out.printf(Locale.ROOT, "   req/s %-8.1f loop delay %.1f ms   connections %s", r.path("rps").asDouble(),
                            r.path("loop_delay_ms").asDouble(), r.path("connections").asText());
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
