package io.shallot.cluster.apps;

import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.server.cluster.Ready;
import java.util.ArrayList;
import java.util.List;

/**
 * The test worker: a shallot server on $PORT answering {@code hello from PID}; {@code /slow?ms=N}
 * answers after N ms, {@code /exit?code=N} ends the process, {@code /alloc?mb=N} holds memory.
 * With READY_AFTER_MS it calls Ready.signal() that long after listening.
 */
public final class HelloServer {
    private static final List<byte[]> HELD = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        long pid = ProcessHandle.current().pid();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "0"));
        String startDelay = System.getenv("START_DELAY_MS");
        if (startDelay != null) {
            Thread.sleep(Long.parseLong(startDelay));
        }
        App app = new App().use((ctx, next) -> {
            switch (ctx.path()) {
                case "/slow" -> {
                    Deferred<Void> done = Promise.defer(ctx.loop());
                    ctx.loop().setTimeout(() -> {
                        ctx.body("slow hello from " + pid);
                        done.resolve(null);
                    }, Long.parseLong(ctx.query("ms")));
                    return done.promise();
                }
                case "/exit" -> {
                    Runtime.getRuntime().halt(Integer.parseInt(ctx.query("code")));
                    return Promise.resolve(ctx.loop(), null);
                }
                case "/alloc" -> {
                    int mb = Integer.parseInt(ctx.query("mb"));
                    synchronized (HELD) {
                        for (int i = 0; i < mb; i++) {
                            byte[] b = new byte[1024 * 1024];
                            java.util.Arrays.fill(b, (byte) 1);
                            HELD.add(b);
                        }
                    }
                    ctx.body("held " + mb + " MB in " + pid);
                    return Promise.resolve(ctx.loop(), null);
                }
                default -> {
                    ctx.body("hello from " + pid);
                    return Promise.resolve(ctx.loop(), null);
                }
            }
        });
        var server = app.listen(ServerOptions.defaults().withHost("127.0.0.1").withPort(port).withLoops(1));
        System.out.println("listening on " + server.port() + " pid " + pid);
        String readyAfter = System.getenv("READY_AFTER_MS");
        if (readyAfter != null) {
            Thread.sleep(Long.parseLong(readyAfter));
            System.out.println("ready");
            Ready.signal();
        }
        Thread.currentThread().join();
    }
}
