package io.shallot.gateway.proxy;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.Refusal;
import io.shallot.loop.Loop;
import io.shallot.web.App;
import io.shallot.web.middleware.RequestId;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.util.List;
import java.util.Set;

/**
 * The gateway's request path as the lead assembles it, with a stand-in for authentication and
 * permission: request id and trace, route matching, "is the matched API granted", then the proxy.
 */
final class TestGateway implements AutoCloseable {
    private final Loop healthLoop = Loop.start();
    final Proxy proxy;
    final TestClient client;

    private TestGateway(List<ApiRoute> routes, List<UpstreamSettings> upstreams, Set<String> granted) {
        proxy = new Proxy(upstreams, routes, healthLoop);
        App app = new App()
                .use(RequestId.create())
                .use(new RouteMatcher(routes))
                .use((ctx, next) -> {
                    if (!granted.contains(Exchange.of(ctx).route().api())) {
                        throw Refusal.API_NOT_GRANTED.exception();
                    }
                    return next.run();
                })
                .use(proxy);
        client = TestClient.of(app);
    }

    /** A gateway where every API in {@code granted} may be called and the others are refused with 403. */
    static TestGateway start(List<ApiRoute> routes, List<UpstreamSettings> upstreams, String... granted) {
        return new TestGateway(routes, upstreams, Set.of(granted));
    }

    /** A gateway with one upstream serving everything under {@code /}. */
    static TestGateway of(UpstreamSettings upstream) {
        return start(List.of(ApiRoute.of("all", "/", upstream.name())), List.of(upstream), "all");
    }

    int port() {
        return client.port();
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
