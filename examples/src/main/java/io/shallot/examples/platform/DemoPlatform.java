package io.shallot.examples.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.data.Mongo;
import io.shallot.platform.PlatformApp;
import io.shallot.platform.PlatformSettings;
import io.shallot.platform.config.Configs;
import io.shallot.platform.diagnostics.Diagnostics;
import io.shallot.platform.diagnostics.DiagnosticsSettings;
import io.shallot.platform.diagnostics.Purging;
import io.shallot.platform.feedback.Feedback;
import io.shallot.platform.feedback.FeedbackWorker;
import io.shallot.platform.inbox.Inbox;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The demos' middle platform ({@link PlatformApp}) on {@code 127.0.0.1:port}, its state in the
 * given MongoDB and Redis. A loop of its own runs the feedback worker and the hourly diagnostics
 * purge. The config {@code home} gets two rules when it has none: a base for every client and an
 * override for region CN, so a first request shows delivery by region.
 */
public final class DemoPlatform implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Loop background;
    private final FeedbackWorker worker;
    private final Purging purging;
    private final Inbox inbox;

    private DemoPlatform(HttpServer server, Loop background, FeedbackWorker worker, Purging purging, Inbox inbox) {
        this.server = server;
        this.background = background;
        this.worker = worker;
        this.purging = purging;
        this.inbox = inbox;
    }

    /** With the {@code platform} settings of the demos' config (see {@link PlatformSettings}). */
    public static DemoPlatform start(Mongo mongo, Redis redis, int port, PlatformSettings settings) {
        Clock clock = Clock.systemUTC();
        Configs configs = new Configs(mongo, clock, settings.configsCacheTtl());
        Feedback feedback = new Feedback(redis, mongo, clock, settings.feedbackSettings());
        DiagnosticsSettings diagnosticsSettings = settings.diagnosticsSettings();
        Diagnostics diagnostics = new Diagnostics(mongo, clock, diagnosticsSettings);
        Inbox inbox = new Inbox(redis, clock, settings.inboxSettings());
        // log uploads and config packages are read as they arrive, up to the larger of their limits
        int maxBodyBytes = Math.max(diagnosticsSettings.maxLogBytes(), Configs.MAX_PACKAGE_BYTES);
        Loop background = Loop.start(LoopOptions.defaults().withThreadName("shallot-platform-background"));
        try {
            seedHomeConfig(background, configs);
            FeedbackWorker worker = FeedbackWorker.start(background, feedback);
            Purging purging = diagnostics.startPurging(background, Duration.ofHours(1));
            HttpServer server = PlatformApp.create(settings.users(), configs, feedback, inbox, diagnostics)
                    .listen(ServerOptions.defaults().withHost("127.0.0.1").withPort(port).withMaxBodyBytes(maxBodyBytes)
                            .withStreamRequestBodies(true));
            return new DemoPlatform(server, background, worker, purging, inbox);
        } catch (RuntimeException e) {
            inbox.close();
            background.shutdown().join();
            throw e;
        }
    }

    private static void seedHomeConfig(Loop loop, Configs configs) {
        CompletableFuture<Void> seeded = new CompletableFuture<>();
        loop.execute(() -> configs.list("home").compose(rules -> rules.isEmpty()
                        ? configs.create("home", json("{\"value\":{\"theme\":\"light\",\"banner\":\"Welcome\",\"features\":{\"live\":false}}}"))
                                .compose(base -> configs.create("home", json("{\"regions\":[\"CN\"],\"value\":{\"banner\":\"欢迎\",\"features\":{\"live\":true}}}")))
                                .then(override -> (Void) null)
                        : Promise.resolve(loop, (Void) null))
                .whenSettled((failure, done) -> {
                    if (failure != null) {
                        seeded.completeExceptionally(failure);
                    } else {
                        seeded.complete(null);
                    }
                }));
        try {
            seeded.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not seed the demo's home config", e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    public int port() {
        return server.port();
    }

    /** Stops serving, then the worker (its batch in hand finishes) and the purge, then the streams. */
    @Override
    public void close() {
        server.close();
        purging.stop();
        // a batch still in hand after that stays pending in the queue, for the next worker to claim
        worker.stop().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        inbox.close();
        background.shutdown().join();
    }
}
