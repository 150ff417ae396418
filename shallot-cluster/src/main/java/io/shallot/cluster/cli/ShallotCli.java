package io.shallot.cluster.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code shallot}: PM2's commands for JVM apps. Every command talks to the per-user daemon over
 * {@code $SHALLOT_HOME/daemon.sock} (default {@code ~/.shallot}), starting it on first use.
 * {@link #addTo} registers the commands under another picocli command (the examples' {@code Main}).
 */
@Command(name = "shallot", mixinStandardHelpOptions = true, description = "The Shallot process manager.")
public final class ShallotCli implements Callable<Integer> {

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ShallotCli());
        addTo(cl, CliContext.fromEnvironment(new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
        System.exit(cl.execute(args));
    }

    /** Adds start, stop, restart, reload, delete, ls, describe, logs, monit, save, resurrect, kill, startup, ping. */
    public static CommandLine addTo(CommandLine parent, CliContext ctx) {
        for (Object command : new Object[] {
            new AppCommands.Start(ctx), new AppCommands.Stop(ctx), new AppCommands.Restart(ctx),
            new AppCommands.Reload(ctx), new AppCommands.Delete(ctx), new InfoCommands.Ls(ctx),
            new InfoCommands.Describe(ctx), new LogsCommand(ctx), new InfoCommands.Monit(ctx),
            new DaemonCommands.Save(ctx), new DaemonCommands.Resurrect(ctx), new DaemonCommands.Kill(ctx),
            new DaemonCommands.Startup(ctx), new DaemonCommands.Ping(ctx)}) {
            parent.addSubcommand(new CommandLine(command));
        }
        parent.setOut(ctx.out());
        parent.setErr(ctx.err());
        parent.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof CliException) {
                cl.getErr().println("shallot: " + e.getMessage());
                cl.getErr().flush();
                return 1;
            }
            throw e;
        });
        return parent;
    }

    /** For tests and embedding: a command line bound to {@code ctx}. */
    public static CommandLine create(CliContext ctx) {
        return addTo(new CommandLine(new ShallotCli()), ctx);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }
}
