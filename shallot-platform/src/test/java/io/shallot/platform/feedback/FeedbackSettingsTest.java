package io.shallot.platform.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.platform.feedback.internal.FeedbackIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackSettingsTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        FeedbackSettings settings = FeedbackSettings.defaults();
        assertThat(settings.categories()).containsExactly("bug", "suggestion", "complaint", "praise", "other");
        assertThat(settings.platforms()).containsExactly("ios", "android", "web", "harmony", "windows", "mac", "linux", "other");
        assertThat(settings.maxQueued()).isEqualTo(100_000);
        assertThat(settings.batch()).isEqualTo(100);
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.claimAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.idempotencyTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.instanceId()).isNotEqualTo(FeedbackSettings.defaults().instanceId());
        assertThat(settings.withMaxQueued(5).withBatch(7).withInstanceId("api-1"))
                .extracting(FeedbackSettings::maxQueued, FeedbackSettings::batch, FeedbackSettings::instanceId)
                .containsExactly(5, 7, "api-1");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        FeedbackSettings settings = FeedbackSettings.defaults();
        assertThatThrownBy(() -> settings.withCategories(List.of())).hasMessageContaining("categories");
        assertThatThrownBy(() -> settings.withPlatforms(List.of("ios", "ios"))).hasMessageContaining("platforms");
        assertThatThrownBy(() -> settings.withCategories(List.of("Bug Report"))).hasMessageContaining("Bug Report");
        assertThatThrownBy(() -> settings.withMaxQueued(0)).hasMessageContaining("maxQueued");
        assertThatThrownBy(() -> settings.withBatch(1001)).hasMessageContaining("batch");
        assertThatThrownBy(() -> settings.withClaimAfter(Duration.ZERO)).hasMessageContaining("claimAfter");
        assertThatThrownBy(() -> settings.withInstanceId("two words")).hasMessageContaining("instanceId");
    }

    @Test
    void idsSortByTime() {
        Instant start = Instant.parse("2026-11-28T10:00:00Z");
        String earlier = FeedbackIds.next(start);
        String later = FeedbackIds.next(start.plusMillis(1));
        assertThat(earlier).hasSize(26).isLessThan(later);
        assertThat(FeedbackIds.valid(earlier)).isTrue();
        assertThat(FeedbackIds.next(start)).isNotEqualTo(earlier);
        assertThat(FeedbackIds.valid("01KB5Z2X6Y000000000000000I")).isFalse();
    }
}
