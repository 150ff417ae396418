package io.shallot.examples.gateway;

import io.shallot.examples.contents.ContentsSystem;
import io.shallot.gateway.Gateway;
import io.shallot.gateway.GatewaySettings;
import io.shallot.gateway.auth.AppCredentials;
import io.shallot.gateway.auth.AppSpec;
import io.shallot.gateway.auth.GatewayAuth;
import io.shallot.gateway.proxy.UpstreamSettings;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.config.Config;
import io.shallot.web.HttpException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Section 三's OPEN API gateway in front of the section 四 system, as {@code bin/shallot demo} runs
 * it: the config's {@code gateway} section, with the upstreams {@code restful}, {@code api} and
 * {@code ops} (section 三's leaderboards and votes) and {@code platform} (section 三's middle platform)
 * pointed at the servers this process started, a demo app granted every route, and its credentials
 * printed. The app keeps its appid across restarts (with the h2 store); each start grants it every
 * route's API and gives it a fresh secret, ending the previous ones, so the printed secret is the one
 * that works. Unless the config names the keys of a login service, the gateway verifies end users'
 * tokens with a key made at each start ({@link DemoLogin}), and {@link #userToken} signs them.
 */
public final class DemoGateway implements AutoCloseable {
    public static final String APPID = "demo";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Gateway gateway;
    private final String adminToken;
    private final AppCredentials demoApp;
    private final DemoLogin login;

    private DemoGateway(Gateway gateway, String adminToken, AppCredentials demoApp, DemoLogin login) {
        this.gateway = gateway;
        this.adminToken = adminToken;
        this.demoApp = demoApp;
        this.login = login;
    }

    public static DemoGateway start(Config config, ContentsSystem system, int opsPort, int platformPort) {
        GatewaySettings settings = config.view("gateway", GatewaySettings.class);
        String adminToken = settings.auth().adminToken() != null ? settings.auth().adminToken() : randomToken();
        List<String> apis = settings.apiRoutes().stream().map(route -> route.api()).distinct().toList();
        DemoLogin login = settings.users().enabled() || settings.users().issuer() == null ? null
                : DemoLogin.create(settings.users());
        settings = settings.withAuth(settings.auth().withAdminToken(adminToken))
                .withUsers(login == null ? settings.users() : login.users())
                .withUpstreams(settings.upstreams().stream().map(upstream -> switch (upstream.name()) {
                    case "restful" -> target(upstream, system.restfulPort());
                    case "api" -> target(upstream, system.apiPort());
                    case "ops" -> target(upstream, opsPort);
                    case "platform" -> target(upstream, platformPort);
                    default -> upstream;
                }).toList());
        Gateway gateway = Gateway.start(settings, system.mongo(), system.redis());
        try {
            return new DemoGateway(gateway, adminToken, demoApp(gateway.auth(), Set.copyOf(apis)), login);
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    private static UpstreamSettings target(UpstreamSettings upstream, int port) {
        return upstream.withTargets(List.of("http://127.0.0.1:" + port));
    }

    /**
     * Creates the demo app, or grants the existing one today's APIs (a store from an earlier version
     * lacks the newer ones) and gives it a new secret at once, on a loop of its own.
     */
    private static AppCredentials demoApp(GatewayAuth auth, Set<String> apis) {
        AtomicReference<AppCredentials> credentials = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Loop.run(loop -> auth.create(AppSpec.named("section 三 demo app").withAppid(APPID).withApis(apis))
                .recoverWith(error -> conflict(error)
                        ? auth.grant(APPID, apis).compose(granted -> auth.rotate(APPID, Duration.ZERO))
                        : Promise.reject(error))
                .then(created -> {
                    credentials.set(created);
                    return null;
                }, error -> {
                    failure.set(error);
                    return null;
                }));
        if (failure.get() != null) {
            throw new IllegalStateException("could not create the demo app", failure.get());
        }
        if (credentials.get() == null) {
            throw new IllegalStateException("the demo app's loop ended before MongoDB answered");
        }
        return credentials.get();
    }

    private static boolean conflict(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof HttpException http && http.status() == 409;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public int port() {
        return gateway.port();
    }

    public String adminToken() {
        return adminToken;
    }

    public AppCredentials demoApp() {
        return demoApp;
    }

    /**
     * A user token for {@code user}, as a login service would issue it, or null when the config
     * names its own keys (the demo then holds no key to sign with).
     */
    public String userToken(String user) {
        return login == null ? null : login.token(user);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
