package io.shallot.cluster.cli;

import io.shallot.cluster.internal.Json;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The commands about the daemon itself: save, resurrect, kill, startup, ping. */
final class DaemonCommands {
    private DaemonCommands() {
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = "Saves the app list to $SHALLOT_HOME/dump.json for 'shallot resurrect'.")
    static final class Save implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        Save(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Object reply = ctx.client().callIfRunning(DaemonClient.request("save"));
            if (reply == null) {
                throw new CliException("no daemon is running (nothing to save)");
            }
            Map<String, Object> r = DaemonClient.object(reply);
            ctx.out().println(json ? Json.write(r) : "saved " + Json.text(r, "apps") + " app(s) to " + Json.text(r, "file"));
            ctx.out().flush();
            return 0;
        }
    }

    @Command(name = "resurrect", mixinStandardHelpOptions = true,
            description = "Starts the apps of the last 'shallot save' that are not running (the daemon starts if needed).")
    static final class Resurrect implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        Resurrect(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            AppCommands.print(ctx, ctx.client().call(DaemonClient.request("resurrect")), json);
            return 0;
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true,
            description = "Stops every app gracefully, then the daemon.")
    static final class Kill implements Callable<Integer> {
        private final CliContext ctx;

        Kill(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws InterruptedException {
            Object reply = ctx.client().callIfRunning(DaemonClient.request("kill"));
            if (reply == null) {
                ctx.out().println("no daemon is running");
            } else {
                long pid = Json.longValue(DaemonClient.object(reply), "pid", 0);
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS)
                        .exceptionally(e -> p).join());
                ctx.out().println("daemon (pid " + pid + ") and its apps stopped");
            }
            ctx.out().flush();
            return 0;
        }
    }

    @Command(name = "ping", mixinStandardHelpOptions = true, description = "Starts the daemon if needed and prints its pid.")
    static final class Ping implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--json", description = "print as JSON")
        boolean json;

        Ping(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Map<String, Object> r = DaemonClient.object(ctx.client().call(DaemonClient.request("ping")));
            ctx.out().println(json ? Json.write(r) : "daemon pid " + Json.text(r, "pid") + ", home " + Json.text(r, "home"));
            ctx.out().flush();
            return 0;
        }
    }

    @Command(name = "startup", mixinStandardHelpOptions = true,
            description = {"Prints a systemd unit that resurrects the saved apps at boot.",
                "Install: shallot startup > /etc/systemd/system/shallot.service && systemctl enable --now shallot"})
    static final class Startup implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--user", description = "a user unit (~/.config/systemd/user/shallot.service, systemctl --user)")
        boolean user;

        Startup(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.out().print(unit(ctx, user));
            ctx.out().flush();
            return 0;
        }

        static String unit(CliContext ctx, boolean user) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String main = System.getProperty("sun.java.command", "io.shallot.cluster.cli.ShallotCli").split(" ")[0];
            if (main.endsWith(".jar") || main.isBlank()) {
                main = "io.shallot.cluster.cli.ShallotCli";
            }
            String cli = java + " -cp " + ctx.classpath() + " " + main;
            String home = ctx.home().root().toString();
            StringBuilder u = new StringBuilder();
            u.append("[Unit]\n")
                    .append("Description=Shallot process manager (").append(home).append(")\n")
                    .append("Documentation=shallot --help\n")
                    .append("After=network.target\n\n")
                    .append("[Service]\n")
                    .append("Type=forking\n");
            if (!user) {
                u.append("User=").append(System.getProperty("user.name")).append('\n');
            }
            u.append("Environment=SHALLOT_HOME=").append(home).append('\n')
                    .append("PIDFile=").append(ctx.home().pidFile()).append('\n')
                    .append("ExecStart=").append(cli).append(" resurrect\n")
                    .append("ExecReload=").append(cli).append(" reload all\n")
                    .append("ExecStop=").append(cli).append(" kill\n")
                    .append("Restart=on-failure\n")
                    .append("LimitNOFILE=65536\n\n")
                    .append("[Install]\n")
                    .append("WantedBy=").append(user ? "default.target" : "multi-user.target").append('\n');
            return u.toString();
        }
    }
}
