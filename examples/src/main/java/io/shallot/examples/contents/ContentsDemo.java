package io.shallot.examples.contents;

import io.shallot.examples.gateway.DemoGateway;
import io.shallot.examples.ops.DemoOps;
import io.shallot.examples.platform.DemoPlatform;
import io.shallot.examples.platform.PlatformDemo;
import io.shallot.loop.ShutdownHooks;
import io.shallot.mvc.config.Config;
import io.shallot.platform.PlatformSettings;
import io.shallot.web.server.HttpServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code bin/shallot demo}: the section 四 system until Ctrl-C. */
public final class ContentsDemo {
    /** Where the demo serves section 三's operations activities, behind the gateway like the rest. */
    static final int OPS_PORT = 4300;
    /** Where the demo serves section 三's middle platform, behind the gateway like the rest. */
    static final int PLATFORM_PORT = 4400;
    /** The user of the printed user token, the one {@link PlatformDemo#printTry} sends messages to. */
    private static final String DEMO_USER = "u1";

    private ContentsDemo() {
    }

    /**
     * @param withGateway whether the section 三 gateway fronts the system (the process manager's
     *                    workers run without it: each would try to take its port)
     */
    public static int run(PrintStream out, String env, boolean withGateway) throws InterruptedException {
        Path dir = Path.of("examples", "contents");
        Config config = Config.load(dir.resolve("config"), env);
        ContentsSystem system = ContentsSystem.start(dir, config);
        HttpServer ops = null;
        DemoPlatform platform = null;
        DemoGateway gateway = null;
        try {
            if (withGateway) {
                ops = DemoOps.start(system.redis(), OPS_PORT);
                platform = DemoPlatform.start(system.mongo(), system.redis(), PLATFORM_PORT,
                        config.view("platform", PlatformSettings.class));
                gateway = DemoGateway.start(config, system, ops.port(), platform.port());
            }
        } catch (RuntimeException e) {
            if (platform != null) {
                platform.close();
            }
            if (ops != null) {
                ops.close();
            }
            system.close();
            throw e;
        }
        HttpServer opsServer = ops;
        DemoPlatform platformServer = platform;
        DemoGateway gatewayServer = gateway;
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHooks.add("shallot-shutdown", () -> {
            out.println("stopping...");
            if (gatewayServer != null) {
                gatewayServer.close();
                platformServer.close();
                opsServer.close();
            }
            system.close();
            stopped.countDown();
        });
        out.println("Shallot contents system (section 四), environment '" + config.env() + "'");
        out.println("  API server:      http://127.0.0.1:" + system.apiPort() + "/v1/userinfos?user_ids=1001,1002");
        out.println("  RESTful server:  http://127.0.0.1:" + system.restfulPort() + "/v1/contents?page=1&size=10");
        out.println("                   http://127.0.0.1:" + system.restfulPort() + "/v1/test");
        if (gateway != null) {
            out.println("  operations:      http://127.0.0.1:" + ops.port() + "/v1/leaderboards/runs (section 三's leaderboards and votes)");
            out.println("  middle platform: http://127.0.0.1:" + platform.port() + " (section 三's config delivery, feedback, messages, diagnostics):");
            PlatformDemo.printTry(out, "http://127.0.0.1:" + platform.port());
            printGateway(out, gateway);
        }
        out.println("Ctrl-C stops it.");
        stopped.await();
        return 0;
    }

    private static void printGateway(PrintStream out, DemoGateway gateway) {
        String base = "http://127.0.0.1:" + gateway.port();
        out.println("OPEN API gateway (section 三): " + base + " -> the servers above");
        out.println("  demo app:        client_id=" + gateway.demoApp().appid() + "  client_secret=" + gateway.demoApp().secret());
        out.println("  admin token:     " + gateway.adminToken() + "   (" + base + "/admin/apps)");
        out.println("  get a token:     curl -s -d grant_type=client_credentials -d client_id=" + gateway.demoApp().appid()
                + " -d client_secret=" + gateway.demoApp().secret() + " " + base + "/oauth/token");
        out.println("  call an API:     curl -H 'Authorization: Bearer <access_token>' '" + base + "/v1/contents'");
        String token = gateway.userToken(DEMO_USER);
        if (token != null) {
            out.println("  user " + DEMO_USER + "'s token: " + token + "   (12 h; a login service issues these)");
            out.println("  as that user:    curl -H 'Authorization: Bearer <access_token>' -H 'X-User-Token: <user token>' '"
                    + base + "/v1/users/" + DEMO_USER + "/badges'");
        }
        out.println("  metrics:         " + base + "/metrics");
    }
}
