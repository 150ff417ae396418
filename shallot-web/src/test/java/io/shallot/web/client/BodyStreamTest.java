package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.client.HttpClientException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyStreamTest {

    private static String text(byte[] chunk) {
        return new String(chunk);
    }

    @Test
    void chunksWrittenBeforeReadingAreDeliveredInOrderOnceReadingStarts() {
        List<String> got = new ArrayList<>();
        OnLoop.run(loop -> {
            BodyStream stream = BodyStream.create();
            stream.write("a".getBytes());
            stream.write("b".getBytes());
            stream.end();
            return stream.read(chunk -> got.add(text(chunk)));
        });

        assertThat(got).containsExactly("a", "b");
    }

    @Test
    void readingStartsOnTheNextMicrotaskNotInsideRead() {
        List<String> events = new ArrayList<>();
        OnLoop.run(loop -> {
            BodyStream stream = BodyStream.of("x".getBytes());
            Promise<Void> done = stream.read(chunk -> events.add("chunk"));
            events.add("read returned");
            return done;
        });

        assertThat(events).containsExactly("read returned", "chunk");
    }

    @Test
    void writeReturnsFalseAtTheHighWaterMarkAndDrainFiresOnceTheReaderCatchesUp() {
        List<String> events = new ArrayList<>();
        OnLoop.run(loop -> {
            BodyStream stream = BodyStream.create(4);
            stream.onDrain(() -> events.add("drain"));
            events.add("write 3 -> " + stream.write(new byte[3]));
            events.add("write 2 -> " + stream.write(new byte[2]));
            Promise<Void> done = stream.read(chunk -> events.add("chunk " + chunk.length));
            loop.setTimeout(stream::end, 5);
            return done;
        });

        assertThat(events).containsExactly("write 3 -> true", "write 2 -> false", "chunk 3", "chunk 2", "drain");
    }

    @Test
    void pauseHoldsChunksUntilResume() {
        List<String> events = new ArrayList<>();
        OnLoop.run(loop -> {
            BodyStream stream = BodyStream.create();
            Promise<Void> done = stream.read(chunk -> {
                events.add(text(chunk));
                stream.pause();
                loop.setTimeout(() -> {
                    events.add("resume");
                    stream.resume();
                }, 10);
            });
            stream.write("1".getBytes());
            stream.write("2".getBytes());
            stream.end();
            return done;
        });

        assertThat(events).containsExactly("1", "resume", "2", "resume");
    }

    @Test
    void cancelRejectsTheReadTellsTheProducerAndDropsLaterWrites() {
        List<String> events = new ArrayList<>();
        Throwable error = OnLoop.failure(loop -> {
            BodyStream stream = BodyStream.create();
            stream.onCancel(reason -> events.add("producer told: " + reason.getMessage()));
            Promise<Void> done = stream.read(chunk -> stream.cancel());
            stream.write("first".getBytes());
            events.add("write after cancel -> " + stream.write("second".getBytes()));
            return done;
        });

        assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CANCELLED);
        assertThat(events).containsExactly("producer told: the body stream was cancelled by its reader",
                "write after cancel -> false");
    }

    @Test
    void aProducerFailureRejectsTheReadAndDropsQueuedChunks() {
        List<String> got = new ArrayList<>();
        Throwable error = OnLoop.failure(loop -> {
            BodyStream stream = BodyStream.create();
            stream.write("queued".getBytes());
            stream.fail(new IOException("upstream reset"));
            return stream.read(chunk -> got.add(text(chunk)));
        });

        assertThat(error).isInstanceOf(IOException.class).hasMessage("upstream reset");
        assertThat(got).isEmpty();
    }

    @Test
    void aReaderThatThrowsCancelsTheStreamWithItsException() {
        Throwable error = OnLoop.failure(loop -> {
            BodyStream stream = BodyStream.of("boom".getBytes());
            return stream.read(chunk -> {
                throw new IllegalStateException("reader bug");
            });
        });

        assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("reader bug");
    }

    @Test
    void anEndedBodyIsTakenWholeOnceAndThenCountsAsRead() {
        List<String> events = new ArrayList<>();
        OnLoop.run(loop -> {
            BodyStream stream = BodyStream.create();
            stream.onCancel(reason -> events.add("cancelled"));
            stream.write("he".getBytes());
            events.add("open: " + stream.takeIfEnded());
            stream.write("llo".getBytes());
            stream.end();
            events.add("taken: " + text(stream.takeIfEnded()));
            events.add("again: " + stream.takeIfEnded());
            stream.cancel();
            assertThatThrownBy(() -> stream.read(chunk -> { })).hasMessageContaining("read only once");
            BodyStream single = BodyStream.of("one".getBytes());
            events.add("single: " + text(single.takeIfEnded()));
            events.add("empty: " + BodyStream.of().takeIfEnded().length);
            return Promise.resolve(loop, null);
        });

        assertThat(events).containsExactly("open: null", "taken: hello", "again: null", "single: one", "empty: 0");
    }

    @Test
    void aBodyBeingReadFailedOrCancelledIsNotTaken() {
        List<String> got = new ArrayList<>();
        OnLoop.run(loop -> {
            BodyStream read = BodyStream.of("x".getBytes());
            Promise<Void> done = read.read(chunk -> got.add(text(chunk)));
            got.add("read: " + read.takeIfEnded());
            BodyStream failed = BodyStream.create();
            failed.fail(new IOException("reset"));
            got.add("failed: " + failed.takeIfEnded());
            BodyStream cancelled = BodyStream.create();
            cancelled.cancel();
            got.add("cancelled: " + cancelled.takeIfEnded());
            failed.read(chunk -> { }).then(v -> null, e -> null);
            return done;
        });

        assertThat(got).containsExactly("read: null", "failed: null", "cancelled: null", "x");
    }

    @Test
    void misuseFailsWithClearMessages() throws Exception {
        OnLoop.run(loop -> {
            BodyStream stream = BodyStream.of("x".getBytes());
            assertThatThrownBy(() -> stream.write("late".getBytes())).hasMessageContaining("write() after end()");
            Promise<Void> done = stream.read(chunk -> { });
            assertThatThrownBy(() -> stream.read(chunk -> { })).hasMessageContaining("read only once");
            return done;
        });

        CompletableFuture<BodyStream> made = new CompletableFuture<>();
        Loop.run(loop -> made.complete(BodyStream.create()));
        assertThatThrownBy(() -> made.get(1, TimeUnit.SECONDS).write(new byte[1]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hop onto its loop");
        assertThatThrownBy(BodyStream::create).isInstanceOf(IllegalStateException.class);
    }
}
