package io.shallot.examples.contents;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.loop.LoopGroup;
import io.shallot.loop.LoopOptions;
import io.shallot.mvc.ApiCenter;
import io.shallot.mvc.MvcApp;
import io.shallot.mvc.cache.Cache;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.mvc.config.Config;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.web.client.HttpClient;
import io.shallot.web.middleware.RequestId;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Section 四 running: the API server ({@code GET /v1/userinfos}, port 5000) and the RESTful server
 * ({@code GET /v1/contents}, {@code GET /v1/test}, port 4000) on one loop group, MongoDB (embedded
 * unless {@code mongodb.uri} is set) seeded on first start, user infos cached locally and in Redis
 * (embedded unless {@code redis.uri} is set).
 */
public final class ContentsSystem implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> USER = new TypeReference<>() { };
    private final LoopGroup loops;
    private final Mongo mongo;
    private final Redis redis;
    private final MvcApp apiApp;
    private final MvcApp restfulApp;
    private final HttpServer apiServer;
    private final HttpServer restfulServer;

    private ContentsSystem(LoopGroup loops, Mongo mongo, Redis redis, MvcApp apiApp, MvcApp restfulApp,
                           HttpServer apiServer, HttpServer restfulServer) {
        this.loops = loops;
        this.mongo = mongo;
        this.redis = redis;
        this.apiApp = apiApp;
        this.restfulApp = restfulApp;
        this.apiServer = apiServer;
        this.restfulServer = restfulServer;
    }

    /** Starts everything from {@code dir} (which holds config/ and the route tables). */
    public static ContentsSystem start(Path dir, Config config) {
        SystemSettings.Servers servers = config.view("servers", SystemSettings.Servers.class);
        SystemSettings.Api api = config.view("api", SystemSettings.Api.class);
        Mongo mongo = Mongo.start(config.view("mongodb", MongoSettings.class));
        Redis redis;
        try {
            redis = Redis.start(config.view("redis", RedisSettings.class));
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
        Cache<Map<String, Object>> userCache = Cache.create(redis, "userinfo",
                config.view("cache", SystemSettings.Caches.class).userinfo(), USER);
        LoopGroup loops = LoopGroup.create(Runtime.getRuntime().availableProcessors(), LoopOptions.defaults().withThreadName("contents"));
        try {
            Seeder seeder = new Seeder(mongo);
            seed(loops, seeder);
            MvcApp apiApp = MvcApp.builder()
                    .use(RequestId.create())
                    .controller("userinfo", UserinfoController::new)
                    .instance(UserModel.class, new UserModel(mongo))
                    .routes(dir.resolve("routes-api.yaml"))
                    .build();
            HttpServer apiServer = apiApp.app().listen(options(servers.api()), loops);
            Map<String, List<String>> services = new HashMap<>(api.services());
            services.putIfAbsent("api", List.of("http://127.0.0.1:" + apiServer.port()));
            ApiCenter center = new ApiCenter(services, HttpClient.create(), Duration.ofMillis(api.timeoutMs()));
            MvcApp restfulApp = MvcApp.builder()
                    .use(RequestId.create())
                    .controller("content", ContentController::new)
                    .instance(ContentModel.class, new ContentModel(mongo))
                    .instance(ApiCenter.class, center)
                    .service(ContentService.class, s -> new ContentService(new CachedUserDirectory(userCache,
                            new ApiUserDirectory(s.get(ApiCenter.class), MAPPER))))
                    .routes(dir.resolve("routes-restful.yaml"))
                    .build();
            HttpServer restfulServer = restfulApp.app().listen(options(servers.restful()), loops);
            return new ContentsSystem(loops, mongo, redis, apiApp, restfulApp, apiServer, restfulServer);
        } catch (RuntimeException e) {
            loops.close();
            redis.close();
            mongo.close();
            throw e;
        }
    }

    private static void seed(LoopGroup loops, Seeder seeder) {
        CompletableFuture<Boolean> seeded = new CompletableFuture<>();
        loops.next().execute(() -> seeder.seedIfEmpty().then(seeded::complete, seeded::completeExceptionally));
        seeded.join();
    }

    private static ServerOptions options(SystemSettings.Server server) {
        return ServerOptions.defaults().withHost(server.host()).withPort(server.port());
    }

    public int apiPort() {
        return apiServer.port();
    }

    public int restfulPort() {
        return restfulServer.port();
    }

    /** The system's MongoDB, which the demo gateway shares. */
    public Mongo mongo() {
        return mongo;
    }

    /** The system's Redis, which the demo gateway shares. */
    public Redis redis() {
        return redis;
    }

    /** Stops the API server only: what the RESTful server does when its dependency is down. */
    public void stopApiServer() {
        apiServer.close();
    }

    @Override
    public void close() {
        restfulServer.close();
        apiServer.close();
        restfulApp.close();
        apiApp.close();
        loops.close();
        redis.close();
        mongo.close();
    }
}
