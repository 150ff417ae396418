package io.shallot.mvc.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutageTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Outage outage = new Outage("127.0.0.1:6379", 100, now::get);

    @Test
    void countsAnOutageOnceHoweverManyCommandsFail() {
        outage.record(new RedisException("Connection disconnected"));
        outage.record(new RedisException("Connection disconnected"));
        outage.record(new RedisException("Connection disconnected"));

        assertThat(outage.isDown()).isTrue();
        assertThat(outage.outages()).isEqualTo(1);
    }

    @Test
    void skipsRedisDuringAnOutageExceptOneProbePerInterval() {
        assertThat(outage.skip()).isFalse();
        outage.record(new RedisException("down"));

        assertThat(outage.skip()).isTrue();
        now.addAndGet(100);
        assertThat(outage.skip()).as("the probe").isFalse();
        assertThat(outage.skip()).as("others wait for the next interval").isTrue();
    }

    @Test
    void aSuccessEndsTheOutageAndTheNextFailureStartsAnother() {
        outage.record(new RedisException("down"));
        outage.record(null);

        assertThat(outage.isDown()).isFalse();
        assertThat(outage.skip()).isFalse();
        outage.record(new RedisException("down again"));
        assertThat(outage.outages()).isEqualTo(2);
    }

    @Test
    void anErrorAnsweredByTheServerIsNotAnOutage() {
        outage.record(new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value"));

        assertThat(outage.isDown()).isFalse();
        assertThat(outage.outages()).isZero();
    }
}
