package io.shallot.ops.vote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ActivityTest {
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-08T00:00:00Z");
    private static final List<String> OPTIONS = List.of("red", "green");

    @Test
    void keepsAValidActivityWithUtcAsTheDefaultZone() {
        List<String> options = new ArrayList<>(OPTIONS);
        Activity activity = new Activity("song-2026.final", options, START, END, 3, true, null);
        options.add("blue");

        assertThat(activity.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(activity.options()).containsExactly("red", "green");
        assertThat(new Activity("a", OPTIONS, START, END, 1, false).zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(new Activity("a", OPTIONS, START, END, 1, true, ZoneId.of("Asia/Shanghai")).zone())
                .isEqualTo(ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void refusesBadIdsNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> new Activity("bad id", OPTIONS, START, END, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activity id").hasMessageContaining("bad id");
        assertThatThrownBy(() -> new Activity("x".repeat(65), OPTIONS, START, END, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activity id");
        assertThatThrownBy(() -> new Activity(null, OPTIONS, START, END, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activity id");
        assertThatThrownBy(() -> new Activity("a", List.of("red", "a:b"), START, END, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option").hasMessageContaining("a:b");
    }

    @Test
    void refusesAnEmptyOversizedOrRepeatingListOfOptions() {
        List<String> tooMany = IntStream.range(0, Activity.MAX_OPTIONS + 1).mapToObj(i -> "o" + i).toList();

        assertThatThrownBy(() -> new Activity("a", List.of(), START, END, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new Activity("a", null, START, END, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options");
        assertThatThrownBy(() -> new Activity("a", tooMany, START, END, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options").hasMessageContaining("1001");
        assertThatThrownBy(() -> new Activity("a", List.of("red", "green", "red"), START, END, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"red\" twice");
        assertThat(new Activity("a", tooMany.subList(0, Activity.MAX_OPTIONS), START, END, 1, false).options())
                .hasSize(Activity.MAX_OPTIONS);
    }

    @Test
    void refusesAWindowThatDoesNotEndAfterItStarts() {
        assertThatThrownBy(() -> new Activity("a", OPTIONS, START, START, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end").hasMessageContaining(START.toString());
        assertThatThrownBy(() -> new Activity("a", OPTIONS, END, START, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end");
        assertThatThrownBy(() -> new Activity("a", OPTIONS, null, END, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start");
    }

    @Test
    void refusesFewerThanOneVotePerUser() {
        assertThatThrownBy(() -> new Activity("a", OPTIONS, START, END, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("votesPerUser").hasMessageContaining("got 0");
    }

    @Test
    void isOpenFromItsStartUntilJustBeforeItsEnd() {
        Activity activity = new Activity("a", OPTIONS, START, END, 1, false);

        assertThat(activity.statusAt(START.minusNanos(1))).isEqualTo(Activity.Status.UPCOMING);
        assertThat(activity.statusAt(START)).isEqualTo(Activity.Status.OPEN);
        assertThat(activity.statusAt(END.minus(Duration.ofNanos(1)))).isEqualTo(Activity.Status.OPEN);
        assertThat(activity.statusAt(END)).isEqualTo(Activity.Status.CLOSED);
    }
}
