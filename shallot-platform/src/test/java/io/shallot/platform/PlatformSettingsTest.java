package io.shallot.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.mvc.config.Config;
import io.shallot.mvc.config.ConfigException;
import io.shallot.platform.diagnostics.DiagnosticsSettings;
import io.shallot.platform.feedback.FeedbackSettings;
import io.shallot.platform.inbox.InboxSettings;
import io.shallot.web.middleware.TrustedUser.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformSettingsTest {
    @TempDir
    Path dir;

    private PlatformSettings load(String yaml) throws Exception {
        Files.writeString(dir.resolve("default.yaml"), yaml);
        return Config.load(dir, "test", Map.of()).view("platform", PlatformSettings.class);
    }

    @Test
    void anAbsentSectionIsEveryServicesDefault() throws Exception {
        PlatformSettings settings = load("other: {}\n");
        assertThat(settings.users()).isEqualTo(Policy.CHECK_IF_PRESENT);
        assertThat(settings.configsCacheTtl()).isEqualTo(PlatformSettings.DEFAULT_CONFIGS_CACHE_TTL);
        assertThat(settings.inboxSettings()).isEqualTo(InboxSettings.defaults());
        assertThat(settings.diagnosticsSettings()).isEqualTo(DiagnosticsSettings.defaults());
        FeedbackSettings feedback = settings.feedbackSettings();
        assertThat(feedback.withInstanceId("x")).isEqualTo(FeedbackSettings.defaults().withInstanceId("x"));
    }

    @Test
    void whatTheSectionSaysReplacesTheDefaultAndNothingElse() throws Exception {
        PlatformSettings settings = load("""
                platform:
                  users: required
                  configs: {cacheTtl: 2s}
                  feedback: {categories: [bug, idea], maxQueued: 50}
                  inbox: {topics: [sports], heartbeat: 5s}
                  diagnostics: {maxLogBytes: 1048576, reportRetention: 7d}
                """);
        assertThat(settings.users()).isEqualTo(Policy.REQUIRED);
        assertThat(settings.configsCacheTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.feedbackSettings().categories()).containsExactly("bug", "idea");
        assertThat(settings.feedbackSettings().maxQueued()).isEqualTo(50);
        assertThat(settings.feedbackSettings().platforms()).isEqualTo(FeedbackSettings.defaults().platforms());
        assertThat(settings.inboxSettings()).isEqualTo(InboxSettings.defaults().withTopics(List.of("sports"))
                .withHeartbeat(Duration.ofSeconds(5)));
        assertThat(settings.diagnosticsSettings()).isEqualTo(DiagnosticsSettings.defaults().withMaxLogBytes(1 << 20)
                .withReportRetention(Duration.ofDays(7)));
    }

    @Test
    void aValueAServiceRefusesFailsTheBindingNamingItAndItsFile() {
        assertThatThrownBy(() -> load("platform:\n  inbox: {maxInbox: 0}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("default.yaml").hasMessageContaining("maxInbox must be 1 to 10000, got 0");
        assertThatThrownBy(() -> load("platform:\n  inbox: {topics: [all]}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics must not list all");
        assertThatThrownBy(() -> load("platform:\n  feedback: {categories: []}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("categories");
        assertThatThrownBy(() -> load("platform:\n  diagnostics: {maxLogBytes: -1}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("maxLogBytes must be positive");
        assertThatThrownBy(() -> load("platform:\n  configs: {cacheTtl: -5}\n")).isInstanceOf(ConfigException.class);
    }

    @Test
    void unknownKeysAndUsersAreRefused() {
        assertThatThrownBy(() -> load("platform:\n  inbox: {maxInboxes: 10}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("maxInboxes");
        assertThatThrownBy(() -> load("platform:\n  users: sometimes\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sometimes");
    }

    @Test
    void theDemosConfigBinds() throws Exception {
        Path examples = Path.of("..", "examples", "contents", "config");
        PlatformSettings settings = Config.load(examples, "development", Map.of()).view("platform", PlatformSettings.class);
        assertThat(settings.inboxSettings().categories()).contains("system");
        assertThat(settings.diagnosticsSettings().maxLogBytes()).isEqualTo(8 << 20);
    }
}
