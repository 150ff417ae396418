package io.shallot.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxSettingsTest {
    @Test
    void theDefaultsAreTheDocumentedOnes() {
        InboxSettings settings = InboxSettings.defaults();
        assertThat(settings.categories()).containsExactly("system", "activity", "social", "order");
        assertThat(settings.allTopics()).containsExactly("all");
        assertThat(settings.maxInbox()).isEqualTo(200);
        assertThat(settings.maxRecipients()).isEqualTo(1000);
        assertThat(settings.dotTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.maxStreams()).isEqualTo(10_000);
        assertThat(settings.heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.withTopics(List.of("sports")).allTopics()).containsExactly("all", "sports");
    }

    @Test
    void aBadSettingFailsAtStartupNamingIt() {
        InboxSettings settings = InboxSettings.defaults();
        assertThatThrownBy(() -> settings.withCategories(List.of())).hasMessageContaining("categories");
        assertThatThrownBy(() -> settings.withCategories(List.of("a", "a"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> settings.withCategories(List.of("A b"))).hasMessageContaining("categories");
        assertThatThrownBy(() -> settings.withTopics(List.of("all"))).hasMessageContaining("topics");
        assertThatThrownBy(() -> settings.withMaxInbox(0)).hasMessageContaining("maxInbox");
        assertThatThrownBy(() -> settings.withMaxRecipients(0)).hasMessageContaining("maxRecipients");
        assertThatThrownBy(() -> settings.withDotTtl(Duration.ZERO)).hasMessageContaining("dotTtl");
        assertThatThrownBy(() -> settings.withMaxStreams(-1)).hasMessageContaining("maxStreams");
        assertThatThrownBy(() -> settings.withHeartbeat(null)).hasMessageContaining("heartbeat");
    }
}
