package io.shallot.gateway;

import io.netty.util.ResourceLeakDetector;
import io.shallot.loop.ShutdownHooks;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.mvc.config.Config;
import io.shallot.mvc.data.MongoSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shallot gateway}: the gateway alone, from a config directory ({@code default.yaml}, then
 * {@code <env>.yaml}, then {@code SHALLOT_*} variables; see {@link Config}) with a {@code gateway}
 * section ({@link GatewaySettings}) and optional {@code mongodb} / {@code redis} sections (absent:
 * embedded servers). Runs until interrupted.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Runs the OPEN API gateway from a config directory until Ctrl-C.")
public final class GatewayMain implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "examples/gateway/config", description = "config directory (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--env", description = "configuration environment (default: SHALLOT_ENV, else development)")
    String env;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        leakDetectionOffUnlessAsked();
        Config loaded = Config.load(config, env != null ? env : Config.resolveEnv(new String[0], System.getenv()));
        GatewaySettings settings = loaded.view("gateway", GatewaySettings.class);
        Gateway gateway = Gateway.startWithOwnStores(settings,
                loaded.view("mongodb", MongoSettings.class), loaded.view("redis", RedisSettings.class));
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHooks.add("shallot-gateway-shutdown", () -> {
            gateway.close();
            stopped.countDown();
        });
        System.out.println("Shallot gateway on http://" + settings.server().host() + ":" + gateway.port() + " (config " + config
                + ", environment '" + loaded.env() + "'); Ctrl-C stops it.");
        stopped.await();
        return 0;
    }

    /**
     * Netty's leak detector records a stack trace for one buffer in 128 by default: 2% of the
     * gateway's CPU under load. The gateway copies every buffer it reads at the edge and holds none,
     * and leaks are hunted in the test suites (at PARANOID level), so the standalone gateway runs
     * without it unless {@code -Dio.netty.leakDetection.level} asks for a level.
     */
    static void leakDetectionOffUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
