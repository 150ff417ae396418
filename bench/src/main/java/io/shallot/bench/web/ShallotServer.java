package io.shallot.bench.web;

import io.shallot.loop.Promise;
import io.shallot.loop.Transport;
import io.shallot.web.App;
import io.shallot.web.middleware.AccessLog;
import io.shallot.web.middleware.RequestId;
import io.shallot.web.router.Router;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncWaitStrategyFactory;
import org.apache.logging.log4j.util.PropertiesUtil;
import org.slf4j.LoggerFactory;

/**
 * The Shallot peer of {@code bench/web.sh}: {@link App} + {@link Router} + {@link RequestId} +
 * {@link AccessLog}, one loop per core ({@link ServerOptions#defaults()}), on 127.0.0.1.
 * The access log goes wherever Log4j2 is configured to send {@code io.shallot.web.access}; the
 * script runs it with async loggers writing to a file under {@code bench/out/}.
 *
 * <p>Usage: {@code ShallotServer <port>}.
 */
public final class ShallotServer {
    private ShallotServer() {
    }

    public static void main(String[] args) {
        int port = Peers.port(args);
        int loops = Peers.loops();
        Peers.Message message = new Peers.Message(Peers.HELLO);
        Router router = Router.create()
                .get("/plaintext", ctx -> Promise.resolve(ctx.loop(), Peers.HELLO))
                .get("/json", ctx -> {
                    ctx.json(message);
                    return Promise.resolve(ctx.loop(), null);
                })
                .get("/v1/users/:id", ctx -> {
                    String id = ctx.param("id");
                    ctx.json(new Peers.User(id, "user" + id));
                    return Promise.resolve(ctx.loop(), null);
                });
        // -Dbench.shallot.middleware=requestid,accesslog (the default) | requestid | accesslog | none:
        // for profiling, to split the cost of the two middlewares from the core's
        String middleware = System.getProperty("bench.shallot.middleware", "requestid,accesslog");
        App app = new App();
        if (middleware.contains("requestid")) {
            app.use(RequestId.create());
        }
        if (middleware.contains("accesslog")) {
            app.use(AccessLog.create());
        }
        app.use(router.routes());
        HttpServer server = app.listen(ServerOptions.defaults().withHost("127.0.0.1").withPort(port).withLoops(loops));
        Peers.ready("shallot", server.port(), loops, "epoll=" + Transport.isEpoll() + " middleware=" + middleware
                + " accessLogInfo=" + LoggerFactory.getLogger(AccessLog.LOGGER).isInfoEnabled()
                + " log4j=" + LogManager.getContext(false).getClass().getSimpleName()
                + " wait=" + waitStrategy());
    }

    /** The configured wait-strategy factory of async loggers, else the all-async selector's properties. */
    private static String waitStrategy() {
        AsyncWaitStrategyFactory factory = ((LoggerContext) LogManager.getContext(false)).getConfiguration()
                .getAsyncWaitStrategyFactory();
        if (factory != null) {
            return factory.getClass().getSimpleName();
        }
        PropertiesUtil properties = PropertiesUtil.getProperties();
        return properties.getStringProperty("AsyncLogger.WaitStrategy", "Timeout")
                + " retries=" + properties.getStringProperty("AsyncLogger.Retries", "200")
                + " sleepNs=" + properties.getStringProperty("AsyncLogger.SleepTimeNs", "100");
    }
}
