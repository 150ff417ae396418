package io.shallot.gateway.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Loop;
import io.shallot.web.client.BodyStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request pipe's bookkeeping, one loop task per step (each ends with its microtasks drained). */
class RequestPipeTest {
    private Loop loop;
    private BodyStream client;
    private RequestPipe pipe;

    @BeforeEach
    void start() throws Exception {
        loop = Loop.start();
        onLoop(() -> {
            client = BodyStream.create();
            pipe = new RequestPipe(() -> client, -1);
            return null;
        });
    }

    @AfterEach
    void stop() {
        loop.shutdown().join();
    }

    @Test
    void aChunkTheFirstAttemptNeverTookIsSentByTheNext() throws Exception {
        BodyStream first = onLoop(() -> pipe.next());
        onLoop(() -> client.write(bytes("a")));
        onLoop(() -> client.write(bytes("b")));
        onLoop(() -> {
            first.cancel();
            return null;
        });
        assertThat(onLoop(() -> pipe.replayable())).isTrue();

        ByteArrayOutputStream upstream = new ByteArrayOutputStream();
        CompletableFuture<Void> read = onLoop(() -> pipe.next().read(upstream::writeBytes).toCompletableFuture());
        onLoop(() -> {
            client.write(bytes("c"));
            client.end();
            return null;
        });
        read.get(10, TimeUnit.SECONDS);
        assertThat(upstream.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(onLoop(() -> pipe.complete())).isTrue();
    }

    @Test
    void whileTheUpstreamTakesNothingAtMostOneChunkLeavesTheClientsBody() throws Exception {
        ByteArrayOutputStream upstream = new ByteArrayOutputStream();
        BodyStream relay = onLoop(() -> {
            BodyStream next = pipe.next();
            next.read(upstream::writeBytes);
            next.pause();
            return next;
        });
        onLoop(() -> {
            client.write(bytes("a"));
            client.write(bytes("b"));
            return null;
        });
        assertThat(onLoop(() -> client.isPaused())).isTrue();
        assertThat(upstream.size()).isZero();
        assertThat(onLoop(() -> pipe.replayable())).isTrue();

        onLoop(() -> {
            relay.resume();
            return null;
        });
        onLoop(() -> null);
        assertThat(upstream.toString(StandardCharsets.UTF_8)).isEqualTo("ab");
        assertThat(onLoop(() -> pipe.replayable())).isFalse();
    }

    @Test
    void onceTheUpstreamTookAByteTheBodyCannotBeSentAgainAndTheRestIsDiscarded() throws Exception {
        ByteArrayOutputStream upstream = new ByteArrayOutputStream();
        BodyStream first = onLoop(() -> pipe.next());
        CompletableFuture<Void> firstRead = onLoop(() -> first.read(upstream::writeBytes).toCompletableFuture());
        onLoop(() -> client.write(bytes("a")));
        assertThat(upstream.toString(StandardCharsets.UTF_8)).isEqualTo("a");
        onLoop(() -> {
            first.cancel();
            return null;
        });
        assertThat(firstRead).failsWithin(Duration.ofSeconds(10));

        assertThat(onLoop(() -> pipe.replayable())).isFalse();
        assertThat(onLoop(() -> client.write(bytes("b")))).as("the client's body was cancelled").isFalse();
        assertThatThrownBy(() -> onLoop(() -> pipe.next())).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be sent again");
    }

    @Test
    void aClientBodyThatFailsFailsTheAttemptAndIsReportedAsTheClientsFailure() throws Exception {
        CompletableFuture<Void> read = onLoop(() -> pipe.next().read(chunk -> { }).toCompletableFuture());
        IOException left = new IOException("the client closed the connection");
        onLoop(() -> {
            client.fail(left);
            return null;
        });
        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasCause(left);
        assertThat(onLoop(() -> pipe.failure())).isSameAs(left);
        assertThat(onLoop(() -> pipe.replayable())).isFalse();
    }

    private <T> T onLoop(Callable<T> step) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(step.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
