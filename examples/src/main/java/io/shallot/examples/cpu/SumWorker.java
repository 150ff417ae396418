package io.shallot.examples.cpu;

import io.shallot.web.App;
import io.shallot.web.Handler;
import io.shallot.web.router.Router;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;

/**
 * One of the document's two helper processes (startServer.js / nextServer.js): answers the sum
 * of its half on {@code GET /}. Run as {@code SumWorker <port> <from> <to>}.
 */
public final class SumWorker {
    private SumWorker() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        long from = Long.parseLong(args[1]);
        long to = Long.parseLong(args[2]);
        HttpServer server = new App().use(Router.create()
                .get("/", Handler.blocking(ctx -> String.valueOf(Sums.sum(from, to))))
                .routes()).listen(ServerOptions.defaults().withHost("127.0.0.1").withPort(port).withLoops(1));
        System.out.println("server start http://127.0.0.1:" + server.port());
    }
}
