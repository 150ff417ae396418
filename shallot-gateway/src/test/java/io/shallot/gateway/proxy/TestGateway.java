package io.shallot.gateway.proxy;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.Outcome;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.user.GatewayUser;
import io.shallot.gateway.user.UserSettings;
import io.shallot.loop.Loop;
import io.shallot.web.App;
import io.shallot.web.middleware.RequestId;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's request path as the lead assembles it, with stand-ins for authentication,
 * permission and the user token: request id and trace, route matching, "is the matched API
 * granted", "the user is whoever {@value #USER_HEADER} names", then the proxy.
 * The server runs as the gateway's: compression off, as a proxy's should (the upstream decides the
 * encoding), request bodies streamed (here up to {@link #MAX_BODY_BYTES}) and a request timeout
 * past the upstream timeouts of the tests; the outcome of each request is recorded.
 */
final class TestGateway implements AutoCloseable {
    static final int MAX_BODY_BYTES = 256 * 1024 * 1024;
    static final String USER_HEADER = "X-Test-User";

    private final Loop healthLoop = Loop.start();
    final Proxy proxy;
    final TestClient client;
    final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

    private TestGateway(List<ApiRoute> routes, List<UpstreamSettings> upstreams, String userTokenHeader,
                        Set<String> granted) {
        proxy = new Proxy(upstreams, routes, userTokenHeader, healthLoop);
        App app = new App()
                .use((ctx, next) -> {
                    ctx.onFinish(done -> outcomes.add(Exchange.of(done).outcome()));
                    return next.run();
                })
                .use(RequestId.create())
                .use(new RouteMatcher(routes))
                .use((ctx, next) -> {
                    if (!granted.contains(Exchange.of(ctx).route().api())) {
                        throw Refusal.API_NOT_GRANTED.exception();
                    }
                    return next.run();
                })
                .use((ctx, next) -> {
                    String user = ctx.header(USER_HEADER);
                    if (user != null) {
                        Exchange.of(ctx).user(new GatewayUser(user, Instant.now(), Instant.now().plusSeconds(60)));
                    }
                    return next.run();
                })
                .use(proxy);
        client = TestClient.of(app, ServerOptions.defaults().withHost("127.0.0.1").withLoops(1).withCompressionThresholdBytes(-1)
                .withStreamRequestBodies(true).withMaxBodyBytes(MAX_BODY_BYTES).withRequestTimeoutMs(120_000));
    }

    /** A gateway where every API in {@code granted} may be called and the others are refused with 403. */
    static TestGateway start(List<ApiRoute> routes, List<UpstreamSettings> upstreams, String... granted) {
        return new TestGateway(routes, upstreams, UserSettings.DEFAULT_HEADER, Set.of(granted));
    }

    /** The same, with the user token in {@code userTokenHeader}. */
    static TestGateway startWithUserTokenHeader(String userTokenHeader, List<ApiRoute> routes,
                                                List<UpstreamSettings> upstreams, String... granted) {
        return new TestGateway(routes, upstreams, userTokenHeader, Set.of(granted));
    }

    /** A gateway with one upstream serving everything under {@code /}. */
    static TestGateway of(UpstreamSettings upstream) {
        return start(List.of(ApiRoute.of("all", "/", upstream.name())), List.of(upstream), "all");
    }

    int port() {
        return client.port();
    }

    /** The outcome of the next request to finish (its response sent, streamed body included), waiting for it. */
    Outcome nextOutcome() throws InterruptedException {
        Outcome outcome = outcomes.poll(10, TimeUnit.SECONDS);
        if (outcome == null) {
            throw new AssertionError("no request finished within 10 s");
        }
        return outcome;
    }

    TestResponse get(String path) {
        return client.get(path);
    }

    RawHttp.Response raw(String target, String... headerLines) {
        return RawHttp.get(port(), target, headerLines);
    }

    @Override
    public void close() {
        client.close();
        proxy.close();
        healthLoop.shutdown().join();
    }
}
