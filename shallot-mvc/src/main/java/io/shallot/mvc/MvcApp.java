package io.shallot.mvc;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.Envelope;
import io.shallot.web.Middleware;
import io.shallot.web.router.Router;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Assembles an MSVC application (section 四): controllers by name, services as singletons, the
 * route table from YAML and/or code. {@link Builder#build()} checks everything at start-up (an
 * unknown controller or action fails with the table's file and line) and returns a web
 * {@link App}: a path with no route answers 404 {@code {ret: -1, message: "path not found"}}, an
 * exception in an action 500 {@code {ret: -1, message: "server error"}}, logged with the request id.
 */
public final class MvcApp {
    private final App app;
    private final Services services;

    private MvcApp(App app, Services services) {
        this.app = app;
        this.services = services;
    }

    public static Builder builder() {
        return new Builder();
    }

    public App app() {
        return app;
    }

    public Services services() {
        return services;
    }

    /** Closes the services that hold resources (database clients, caches). */
    public void close() {
        services.closeAll();
    }

    public static final class Builder {
        private final Map<String, Supplier<? extends Controller>> controllers = new LinkedHashMap<>();
        private final Map<Class<?>, Function<Services, ?>> factories = new LinkedHashMap<>();
        private final Map<Class<?>, Object> instances = new LinkedHashMap<>();
        private final List<RouteTable.Entry> routes = new ArrayList<>();
        private final List<Middleware> middleware = new ArrayList<>();

        public Builder controller(String name, Supplier<? extends Controller> factory) {
            if (controllers.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(factory, "factory")) != null) {
                throw new IllegalArgumentException("controller '" + name + "' is already registered");
            }
            return this;
        }

        public <S> Builder service(Class<S> type, Function<Services, ? extends S> factory) {
            factories.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** A ready-made singleton (a config view, a client created elsewhere). */
        public <S> Builder instance(Class<S> type, S instance) {
            instances.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(instance, "instance"));
            return this;
        }

        public Builder routes(Path routesYaml) {
            routes.addAll(RouteTable.load(routesYaml));
            return this;
        }

        public Builder routes(List<RouteTable.Entry> entries) {
            routes.addAll(entries);
            return this;
        }

        /** A route in code: {@code route("GET", "/v1/test", "content", "test")}. */
        public Builder route(String httpMethod, String path, String controller, String method) {
            StackTraceElement caller = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).map(f -> f.toStackTraceElement()).orElse(null);
            String source = caller == null ? "code" : caller.getFileName() + ":" + caller.getLineNumber();
            routes.add(new RouteTable.Entry(httpMethod, path, controller, method, source));
            return this;
        }

        /** App-level middleware that runs before routing (request id, access log, ...). */
        public Builder use(Middleware m) {
            middleware.add(Objects.requireNonNull(m, "middleware must not be null"));
            return this;
        }

        public MvcApp build() {
            Services services = new Services(factories, instances);
            services.createAll();
            Router router = Router.create();
            Map<String, Class<?>> types = new LinkedHashMap<>();
            for (RouteTable.Entry route : routes) {
                Supplier<? extends Controller> factory = controllers.get(route.controller());
                if (factory == null) {
                    throw new IllegalStateException(route.source() + ": controller '" + route.controller()
                            + "' is not registered (registered: " + String.join(", ", new TreeSet<>(controllers.keySet())) + ")");
                }
                Class<?> type = types.computeIfAbsent(route.controller(), name -> factory.get().getClass());
                Action action = Action.resolve(factory, type, route.method(), route.source());
                try {
                    router.route(route.httpMethod(), route.path(), action.handler(services));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(route.source() + ": " + e.getMessage(), e);
                }
            }
            App app = new App();
            middleware.forEach(app::use);
            app.use(router.routes());
            app.use(Middleware.named("path not found", (ctx, next) -> {
                ctx.status(404).json(Envelope.error(-1, "path not found"));
                return Promise.resolve(ctx.loop(), null);
            }));
            return new MvcApp(app, services);
        }
    }
}
