package io.shallot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Deferred;
import io.shallot.loop.KeepAlive;
import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import io.shallot.loop.Promise;
import io.shallot.web.server.internal.Contexts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ComposeTest {

    private static Promise<Void> wait(Loop loop, int ms) {
        Deferred<Void> d = Promise.defer(loop);
        loop.setTimeout(() -> d.resolve(null), ms);
        return d.promise();
    }

    /** Runs the composed middleware in a fresh loop and returns its outcome (null when it fulfilled). */
    private static Throwable run(Middleware composed) {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Loop.run(loop -> {
            try {
                composed.handle(Contexts.create(loop, "GET", "/"), null)
                        .then(v -> null, e -> {
                            outcome.set(e);
                            return null;
                        });
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        return outcome.get();
    }

    @Test
    void runsInOnionOrderWithAsyncWaitsOnBothSides() {
        List<Integer> arr = new CopyOnWriteArrayList<>();
        List<Middleware> stack = List.of(
                (ctx, next) -> {
                    arr.add(1);
                    return wait(ctx.loop(), 1).compose(v -> next.run()).compose(v -> wait(ctx.loop(), 1)).thenRun(() -> arr.add(6));
                },
                (ctx, next) -> {
                    arr.add(2);
                    return wait(ctx.loop(), 1).compose(v -> next.run()).compose(v -> wait(ctx.loop(), 1)).thenRun(() -> arr.add(5));
                },
                (ctx, next) -> {
                    arr.add(3);
                    return wait(ctx.loop(), 1).compose(v -> next.run()).compose(v -> wait(ctx.loop(), 1)).thenRun(() -> arr.add(4));
                });
        assertThat(run(Compose.compose(stack))).isNull();
        assertThat(arr).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void aDownstreamErrorIsCaughtUpstream() {
        List<Integer> arr = new ArrayList<>();
        List<Middleware> stack = List.of(
                (ctx, next) -> {
                    arr.add(1);
                    arr.add(6);
                    return next.run().then(v -> {
                        arr.add(7);
                        return null;
                    }, e -> {
                        arr.add(2);
                        return null;
                    }).thenRun(() -> arr.add(3));
                },
                (ctx, next) -> {
                    arr.add(4);
                    throw new IllegalStateException("downstream");
                });
        assertThat(run(Compose.compose(stack))).isNull();
        assertThat(arr).containsExactly(1, 6, 4, 2, 3);
    }

    @Test
    void zeroMiddlewareFulfils() {
        assertThat(run(Compose.compose(List.of()))).isNull();
    }

    @Test
    void theLastNextOfTheCompositionIsCalled() {
        List<String> arr = new ArrayList<>();
        Middleware composed = Compose.compose(List.of((ctx, next) -> next.run()));
        Loop.run(loop -> {
            try {
                composed.handle(Contexts.create(loop, "GET", "/"), () -> {
                    arr.add("outer next");
                    return Promise.resolve(loop, null);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(arr).containsExactly("outer next");
    }

    @Test
    void compositionsNest() {
        List<Integer> arr = new ArrayList<>();
        Middleware inner = Compose.compose(List.of(
                (ctx, next) -> {
                    arr.add(2);
                    return next.run().thenRun(() -> arr.add(4));
                },
                (ctx, next) -> {
                    arr.add(3);
                    return next.run();
                }));
        Middleware outer = Compose.compose(List.of(
                (ctx, next) -> {
                    arr.add(1);
                    return next.run().thenRun(() -> arr.add(6));
                },
                inner,
                (ctx, next) -> {
                    arr.add(5);
                    return next.run();
                }));
        assertThat(run(outer)).isNull();
        assertThat(arr).containsExactly(1, 2, 3, 5, 4, 6);
    }

    @Test
    void theSameCompositionServesTwoContexts() {
        List<String> seen = new ArrayList<>();
        Middleware composed = Compose.compose(List.of((ctx, next) -> {
            seen.add(ctx.path());
            return next.run();
        }));
        Loop.run(loop -> {
            try {
                composed.handle(Contexts.create(loop, "GET", "/a"), null);
                composed.handle(Contexts.create(loop, "GET", "/b"), null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(seen).containsExactly("/a", "/b");
    }

    @Test
    void aMiddlewareThatDoesNotCallNextEndsTheChain() {
        List<String> arr = new ArrayList<>();
        assertThat(run(Compose.compose(List.of(
                (ctx, next) -> {
                    arr.add("first");
                    return Promise.resolve(ctx.loop(), null);
                },
                (ctx, next) -> {
                    arr.add("never");
                    return next.run();
                })))).isNull();
        assertThat(arr).containsExactly("first");
    }

    @Test
    void callingNextTwiceFailsNamingTheMiddleware() {
        Middleware twice = Middleware.named("TwiceMiddleware", (ctx, next) -> next.run().compose(v -> next.run()));
        Throwable error = run(Compose.compose(List.of((ctx, next) -> next.run(), twice)));
        assertThat(error).isInstanceOf(IllegalStateException.class)
                .hasMessage("next() called multiple times (middleware #1, TwiceMiddleware)");
    }

    @Test
    void settlingBeforeTheDownstreamFinishedFailsNamingTheMiddleware() {
        Middleware forgetful = Middleware.named("ForgetfulMiddleware", (ctx, next) -> {
            next.run();
            return Promise.resolve(ctx.loop(), null);
        });
        Middleware slow = (ctx, next) -> wait(ctx.loop(), 5);
        Throwable error = run(Compose.compose(List.of(forgetful, slow)));
        assertThat(error).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("middleware #0, ForgetfulMiddleware")
                .hasMessageContaining("missing return of next()?");
    }

    @Test
    void aSynchronousThrowBecomesARejection() {
        Throwable error = run(Compose.compose(List.of((ctx, next) -> {
            throw new IllegalArgumentException("sync");
        })));
        assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessage("sync");
    }

    @Test
    void nullMiddlewareIsRefusedAtCompositionTime() {
        List<Middleware> stack = new ArrayList<>();
        stack.add((ctx, next) -> next.run());
        stack.add(null);
        assertThatThrownBy(() -> Compose.compose(stack))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("middleware #1 is null");
        assertThatThrownBy(() -> new App().use(null))
                .hasMessageContaining("middleware must not be null");
    }

    @Test
    void upstreamContinuesOnTheContextsLoopWhenAMiddlewareReturnsAnotherLoopsPromise() {
        Loop other = Loop.start(LoopOptions.defaults().withThreadName("library-loop"));
        List<String> threads = new CopyOnWriteArrayList<>();
        try {
            List<Middleware> stack = List.of(
                    (ctx, next) -> {
                        String own = Thread.currentThread().getName();
                        // a server's connection keeps its loop running meanwhile; here this does
                        KeepAlive waiting = ctx.loop().keepAlive();
                        return next.run().thenRun(() -> threads.add(
                                Thread.currentThread().getName().equals(own) ? "context's loop" : Thread.currentThread().getName()))
                                .andFinally(waiting::close);
                    },
                    (ctx, next) -> {
                        Deferred<Void> elsewhere = Promise.defer(other);
                        other.execute(() -> other.setTimeout(() -> elsewhere.resolve(null), 5));
                        return elsewhere.promise();
                    },
                    (ctx, next) -> Promise.resolve(ctx.loop(), null));
            assertThat(run(Compose.compose(stack))).isNull();
        } finally {
            other.shutdown().join();
        }
        assertThat(threads).containsExactly("context's loop");
    }
}
