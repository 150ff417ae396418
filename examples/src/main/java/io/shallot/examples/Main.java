package io.shallot.examples;

import io.shallot.cluster.cli.CliContext;
import io.shallot.cluster.cli.ShallotCli;
import io.shallot.examples.contents.ContentsDemo;
import io.shallot.examples.cpu.CpuDemo;
import io.shallot.examples.eventloop.EventLoopDemo;
import io.shallot.examples.onion.OnionDemo;
import io.shallot.examples.ops.OpsDemo;
import io.shallot.examples.platform.PlatformDemo;
import io.shallot.gateway.GatewayMain;
import io.shallot.mvc.config.Config;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bin/shallot}: the demos of the document, by section. */
@Command(name = "shallot", mixinStandardHelpOptions = true, subcommands = {Main.Demo.class, GatewayMain.class},
        description = "Shallot: Node's event loop, Koa and PM2 on the JVM.")
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        // the process manager's commands: shallot start | stop | restart | reload | delete | ls | logs | monit | ...
        ShallotCli.addTo(cl, CliContext.fromEnvironment(new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Runs a demo of the document. Without a name: the main job.")
    static final class Demo implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "main", paramLabel = "NAME",
                description = "main (default: the contents system of section 四), eventloop (section 二), cpu (section 2.3), onion (section 五), ops (section 三's leaderboards and votes), platform (section 三's middle platform)")
        String name;

        @picocli.CommandLine.Option(names = "--once", description = "cpu: measure, print and exit")
        boolean once;

        @picocli.CommandLine.Option(names = "--port", defaultValue = "4000", description = "cpu: the main port; workers use +1000 and +2000; ops, platform: its port")
        int port;

        @picocli.CommandLine.Option(names = "--no-gateway", description = "main: without the OPEN API gateway on port 8000")
        boolean noGateway;

        @picocli.CommandLine.Option(names = "--env", description = "configuration environment (default: SHALLOT_ENV, else development)")
        String env;

        @Override
        public Integer call() throws Exception {
            return switch (name) {
                case "main" -> ContentsDemo.run(System.out, env != null ? env
                        : Config.resolveEnv(new String[0], System.getenv()), !noGateway);
                case "eventloop" -> EventLoopDemo.run(System.out);
                case "cpu" -> CpuDemo.run(System.out, once, port);
                case "onion" -> OnionDemo.run(System.out);
                case "ops" -> OpsDemo.run(System.out, port);
                case "platform" -> PlatformDemo.run(System.out, port);
                default -> {
                    System.err.println("unknown demo '" + name + "'; try: main, eventloop, cpu, onion, ops, platform");
                    yield 2;
                }
            };
        }
    }
}
