package io.shallot.examples.cluster;

import io.shallot.loop.Promise;
import io.shallot.loop.ShutdownHooks;
import io.shallot.web.App;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;

/**
 * Section 六's hello world: every request is answered {@code hello world, start with cluster <pid>}.
 * Run it under the process manager in cluster mode, {@code bin/shallot start
 * examples/cluster/shallot.config.yaml}: the daemon listens on the port and hands each connection
 * to one of the workers, so the answers come from several pids. Alone ({@code PORT=3000 java ...
 * HelloCluster}) it is one ordinary server.
 */
public final class HelloCluster {
    private HelloCluster() {
    }

    public static void main(String[] args) throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        HttpServer server = new App()
                .use((ctx, next) -> {
                    ctx.body("hello world, start with cluster " + pid);
                    return Promise.resolve(ctx.loop(), null);
                })
                .listen(ServerOptions.defaults().withPort(port).withLoops(1));
        System.out.println("hello world server pid " + pid + " serving port " + server.port());
        ShutdownHooks.add("hello-shutdown", server::close);
        Thread.currentThread().join();
    }
}
