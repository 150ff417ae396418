package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which subjects a rule's rollout reaches: by a stable hash, in the share asked for, growing with it. */
class RolloutTest {
    private static final List<String> SUBJECTS = IntStream.range(0, 10_000).mapToObj(i -> "user-" + i).toList();

    private static ConfigRule rolledOut(int basisPoints, String salt) {
        return rule(new Rollout(basisPoints, salt));
    }

    private static ConfigRule rule(Rollout rollout) {
        return new ConfigRule("0123456789abcdef01234567", "home", null, null, Set.of(), Set.of(), Set.of(), rollout, 0, true,
                JsonNodeFactory.instance.objectNode(), null, 1, Instant.EPOCH);
    }

    private static ClientProfile subject(String subject) {
        return new ClientProfile(null, null, null, null, subject);
    }

    /** The subjects of {@link #SUBJECTS} that {@code rule} reaches. */
    private static Set<String> reached(ConfigRule rule) {
        Set<String> reached = new HashSet<>();
        for (String subject : SUBJECTS) {
            if (rule.matches(subject(subject))) {
                reached.add(subject);
            }
        }
        return reached;
    }

    @Test
    void aSubjectsBucketIsTheFirstEightBytesOfTheSha256OfSaltAndSubjectModuloTenThousand() {
        for (String subject : SUBJECTS.subList(0, 500)) {
            assertThat(Rollout.bucket("home-dark", subject)).as(subject).isEqualTo(Buckets.of("home-dark", subject));
        }
    }

    @Test
    void theSameSubjectGetsTheSameAnswerEveryTime() {
        ConfigRule rule = rolledOut(2_000, "home-dark");
        Set<String> first = reached(rule);
        assertThat(reached(rule)).isEqualTo(first);
        assertThat(reached(rolledOut(2_000, "home-dark"))).as("another rule alike").isEqualTo(first);
        for (String subject : SUBJECTS.subList(0, 200)) {
            assertThat(rule.matches(subject(subject))).as(subject).isEqualTo(Buckets.of("home-dark", subject) < 2_000);
        }
    }

    @Test
    void theShareReachedIsTheShareAskedFor() {
        assertThat(reached(rolledOut(2_000, "home-dark"))).hasSizeBetween(2_000 - 150, 2_000 + 150);
        assertThat(reached(rolledOut(50, "home-dark"))).as("0.5 %").hasSizeBetween(50 - 25, 50 + 25);
        assertThat(reached(rolledOut(5_000, "other-salt"))).hasSizeBetween(5_000 - 200, 5_000 + 200);
    }

    @Test
    void raisingTheShareKeepsEverySubjectAlreadyIn() {
        Set<String> at20 = reached(rolledOut(2_000, "ramp"));
        Set<String> at50 = reached(rolledOut(5_000, "ramp"));
        assertThat(at50).containsAll(at20).hasSizeGreaterThan(at20.size() + 2_000);
        assertThat(reached(rolledOut(5_001, "ramp"))).containsAll(at50);
        assertThat(reached(rolledOut(0, "ramp"))).isEmpty();
        assertThat(reached(rolledOut(10_000, "ramp"))).hasSize(SUBJECTS.size());
        assertThat(rolledOut(10_000, "ramp").matches(ClientProfile.UNKNOWN)).as("subjectless at 100 %").isTrue();
    }

    @Test
    void aSubjectlessClientIsOutBelowAHundredPercent() {
        assertThat(rolledOut(9_999, "ramp").matches(ClientProfile.UNKNOWN)).isFalse();
        assertThat(rolledOut(1, "ramp").matches(new ClientProfile(null, "ios", "CN", "en"))).isFalse();
        assertThat(rule(null).matches(ClientProfile.UNKNOWN)).as("no rollout: everyone").isTrue();
    }

    @Test
    void differentSaltsChooseIndependentlyAndTheSameSaltChoosesAlike() {
        Set<String> a = reached(rolledOut(5_000, "experiment-a"));
        Set<String> b = reached(rolledOut(5_000, "experiment-b"));
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        assertThat(both).as("half of a half").hasSizeBetween(2_500 - 200, 2_500 + 200);
        assertThat(reached(rolledOut(5_000, "experiment-a"))).isEqualTo(a);
        assertThat(reached(rolledOut(2_000, "experiment-a"))).as("a smaller share of the same salt lies within").isSubsetOf(a);
    }

    @Test
    void aRolloutIsOneMoreConstraint() {
        assertThat(rule(null).specificity()).isZero();
        assertThat(rolledOut(10_000, "s").specificity()).isEqualTo(1);
        ConfigRule everything = new ConfigRule("0123456789abcdef01234567", "home", Version.parse("1"), Version.parse("2"),
                Set.of("ios"), Set.of("CN"), Set.of("zh"), new Rollout(2_000, "s"), 0, true,
                JsonNodeFactory.instance.objectNode(), null, 1, Instant.EPOCH);
        assertThat(everything.specificity()).isEqualTo(5);
    }
}
