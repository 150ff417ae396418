package io.shallot.cluster.cli;

import io.shallot.cluster.config.AppSpec;
import io.shallot.cluster.config.AppSpecJson;
import io.shallot.cluster.config.ConfigException;
import io.shallot.cluster.config.EcosystemLoader;
import io.shallot.cluster.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that change apps: start, stop, restart, reload, delete. Each prints the affected processes. */
final class AppCommands {
    private AppCommands() {
    }

    static void print(CliContext ctx, Object rows, boolean json) {
        if (json) {
            ctx.out().println(Json.write(rows));
            ctx.out().flush();
        } else {
            Table.print(ctx.out(), DaemonClient.rows(rows));
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Starts apps from an ecosystem file (shallot.config.yaml), a jar, a main class,",
                "or an app the daemon knows by name. The daemon is started on first use."})
    static final class Start implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "FILE|JAR|MAIN|NAME",
                description = "shallot.config.yaml (or .yml/.json), app.jar, com.example.Main, or an app name or id")
        String what;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments for the app (after --)")
        List<String> args = List.of();

        @Option(names = "--name", description = "the app's name")
        String name;

        @Option(names = {"-i", "--instances"}, paramLabel = "N|max",
                description = "number of instances; implies cluster mode (needs --port) unless the file sets exec_mode")
        String instances;

        @Option(names = "--port", description = "cluster mode: the port the workers serve")
        Integer port;

        @Option(names = "--spares", paramLabel = "N",
                description = "cluster mode: workers kept ready, without connections, to replace one that dies (default 1)")
        Integer spares;

        @Option(names = "--env", paramLabel = "PROFILE", description = "merge env_PROFILE over env (e.g. production)")
        String env;

        @Option(names = "--watch", description = "restart (cluster: reload) when files under cwd change")
        boolean watch;

        @Option(names = "--only", paramLabel = "NAME", description = "from a file: start only this app")
        String only;

        @Option(names = "--jvm-args", paramLabel = "\"-Xmx256m ...\"", description = "JVM options for a jar or main class")
        String jvmArgs;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        Start(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Map<String, Object> fields = new LinkedHashMap<>();
            if (instances != null) {
                fields.put("instances", instances);
            }
            if (port != null) {
                fields.put("port", port);
            }
            if (spares != null) {
                fields.put("spares", spares);
            }
            if (watch) {
                fields.put("watch", true);
            }
            List<AppSpec> specs;
            try {
                if (EcosystemLoader.isEcosystemFile(what)) {
                    if (jvmArgs != null || !args.isEmpty()) {
                        throw new CliException("--jvm-args and app arguments go in the file (jvm_args, args)");
                    }
                    specs = EcosystemLoader.load(ctx.cwd().resolve(what), env, fields);
                    if (only != null) {
                        specs = specs.stream().filter(s -> s.name().equals(only)).toList();
                        if (specs.isEmpty()) {
                            throw new CliException("--only " + only + ": no such app in " + what);
                        }
                    }
                    if (name != null) {
                        if (specs.size() != 1) {
                            throw new CliException("--name needs a single app; use --only NAME to pick one");
                        }
                        specs = List.of(specs.get(0).withName(name));
                    }
                } else {
                    if (knownApp()) {
                        AppCommands.print(ctx, ctx.client().call(DaemonClient.request("start-existing", "target", what)), json);
                        return 0;
                    }
                    boolean jar = what.endsWith(".jar");
                    if (!jar && !what.matches("([A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*")) {
                        throw new CliException("'" + what + "' is neither an ecosystem file (.yaml, .yml, .json), a jar,"
                                + " a main class nor an app the daemon knows");
                    }
                    if (!jar && !what.contains(".") && !Files.exists(ctx.cwd().resolve(what))) {
                        throw new CliException("no app '" + what + "' (a main class needs its package, e.g. com.example.Main)");
                    }
                    fields.put(jar ? "jar" : "main", what);
                    if (name != null) {
                        fields.put("name", name);
                    }
                    if (instances != null) {
                        fields.put("exec_mode", "cluster");
                    }
                    if (jvmArgs != null) {
                        fields.put("jvm_args", jvmArgs);
                    }
                    if (!args.isEmpty()) {
                        fields.put("args", args);
                    }
                    specs = List.of(EcosystemLoader.fromFields(fields, ctx.cwd(), env));
                }
            } catch (ConfigException e) {
                throw new CliException(e.getMessage());
            }
            AppCommands.print(ctx, ctx.client().call(DaemonClient.request("start", "apps", AppSpecJson.writeAll(specs))), json);
            return 0;
        }

        private boolean knownApp() {
            if (Files.exists(Path.of(what)) || what.endsWith(".jar")) {
                return false;
            }
            for (Map<String, Object> r : InfoCommands.list(ctx)) {
                if (Json.text(r, "name").equals(what) || Json.text(r, "id").equals(what)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** stop / restart / reload / delete: the same shape, a target and --json. */
    abstract static class TargetCommand implements Callable<Integer> {
        final CliContext ctx;

        @Parameters(index = "0", paramLabel = "NAME|ID|all", description = "an app name, a process id, or all")
        String target;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        TargetCommand(CliContext ctx) {
            this.ctx = ctx;
        }

        abstract String command();

        @Override
        public Integer call() {
            Object rows = ctx.client().callIfRunning(DaemonClient.request(command(), "target", target));
            if (rows == null) {
                throw new CliException("no daemon is running (nothing to " + command() + ")");
            }
            AppCommands.print(ctx, rows, json);
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops apps gracefully: SIGTERM or a drain message, SIGKILL after kill_timeout.")
    static final class Stop extends TargetCommand {
        Stop(CliContext ctx) {
            super(ctx);
        }

        String command() {
            return "stop";
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Stops then starts apps (cluster mode keeps the port open meanwhile).")
    static final class Restart extends TargetCommand {
        Restart(CliContext ctx) {
            super(ctx);
        }

        String command() {
            return "restart";
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = {"Zero-downtime rolling reload (cluster mode): one worker at a time, the replacement",
                "gets traffic once ready, then the old one drains and exits."})
    static final class Reload extends TargetCommand {
        Reload(CliContext ctx) {
            super(ctx);
        }

        String command() {
            return "reload";
        }
    }

    @Command(name = "delete", aliases = "del", mixinStandardHelpOptions = true,
            description = "Stops apps and forgets them.")
    static final class Delete extends TargetCommand {
        Delete(CliContext ctx) {
            super(ctx);
        }

        String command() {
            return "delete";
        }
    }
}
