package io.shallot.gateway;

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
        Config loaded = Config.load(config, env != null ? env : Config.resolveEnv(new String[0], System.getenv()));
        GatewaySettings settings = loaded.view("gateway", GatewaySettings.class);
        Gateway gateway = Gateway.startWithOwnStores(settings,
                loaded.view("mongodb", MongoSettings.class), loaded.view("redis", RedisSettings.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "shallot-gateway-shutdown"));
        System.out.println("Shallot gateway on http://" + settings.server().host() + ":" + gateway.port() + " (config " + config
                + ", environment '" + loaded.env() + "'); Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
