package io.shallot.platform;

import io.shallot.platform.diagnostics.DiagnosticsSettings;
import io.shallot.platform.feedback.FeedbackSettings;
import io.shallot.platform.inbox.InboxSettings;
import io.shallot.web.middleware.TrustedUser.Policy;
import java.time.Duration;
import java.util.List;

/**
 * The {@code platform} section of a Shallot config, bound strictly with {@code config.view("platform",
 * PlatformSettings.class)}: what a deployment changes of each service's settings. Whatever it leaves
 * out keeps the service's default, and a value a service refuses fails the binding, naming it.
 *
 * <pre>
 * platform:
 *   users: required            # or check_if_present (the default): see TrustedUser.Policy
 *   configs: {cacheTtl: 5s}
 *   feedback: {categories: [bug, idea], platforms: [ios, android], maxQueued: 100000}
 *   inbox: {categories: [system, order], topics: [sports], maxInbox: 200, maxRecipients: 1000,
 *           dotTtl: 30d, maxStreams: 10000, heartbeat: 15s}
 *   diagnostics: {maxLogBytes: 8388608, pullTtl: 7d, maxSpan: 7d, reportRetention: 30d}
 * </pre>
 *
 * @param users       how the user routes treat the user the gateway vouches for
 * @param configs     config delivery: {@code cacheTtl}, how long an instance reuses the rules it read
 *                    (default 5 s)
 * @param feedback    see {@link FeedbackSettings}
 * @param inbox       see {@link InboxSettings}
 * @param diagnostics see {@link DiagnosticsSettings}; the server's and the gateway's body limits must
 *                    allow {@code maxLogBytes}
 */
public record PlatformSettings(Policy users, Configs configs, Feedback feedback, Inbox inbox, Diagnostics diagnostics) {
    public static final Duration DEFAULT_CONFIGS_CACHE_TTL = Duration.ofSeconds(5);

    public record Configs(Duration cacheTtl) {
        public Configs {
            if (cacheTtl != null && cacheTtl.isNegative()) {
                throw new IllegalArgumentException("configs.cacheTtl must not be negative, got " + cacheTtl);
            }
        }
    }

    public record Feedback(List<String> categories, List<String> platforms, Integer maxQueued, Integer batch) {
        FeedbackSettings over(FeedbackSettings base) {
            FeedbackSettings settings = categories == null ? base : base.withCategories(categories);
            settings = platforms == null ? settings : settings.withPlatforms(platforms);
            settings = maxQueued == null ? settings : settings.withMaxQueued(maxQueued);
            return batch == null ? settings : settings.withBatch(batch);
        }
    }

    public record Inbox(List<String> categories, List<String> topics, Integer maxInbox, Integer maxRecipients,
                        Duration dotTtl, Integer maxStreams, Duration heartbeat) {
        InboxSettings over(InboxSettings base) {
            InboxSettings settings = categories == null ? base : base.withCategories(categories);
            settings = topics == null ? settings : settings.withTopics(topics);
            settings = maxInbox == null ? settings : settings.withMaxInbox(maxInbox);
            settings = maxRecipients == null ? settings : settings.withMaxRecipients(maxRecipients);
            settings = dotTtl == null ? settings : settings.withDotTtl(dotTtl);
            settings = maxStreams == null ? settings : settings.withMaxStreams(maxStreams);
            return heartbeat == null ? settings : settings.withHeartbeat(heartbeat);
        }
    }

    public record Diagnostics(Integer maxLogBytes, Duration pullTtl, Duration maxSpan, Duration reportRetention) {
        DiagnosticsSettings over(DiagnosticsSettings base) {
            DiagnosticsSettings settings = maxLogBytes == null ? base : base.withMaxLogBytes(maxLogBytes);
            settings = pullTtl == null ? settings : settings.withPullTtl(pullTtl);
            settings = maxSpan == null ? settings : settings.withMaxSpan(maxSpan);
            return reportRetention == null ? settings : settings.withReportRetention(reportRetention);
        }
    }

    public PlatformSettings {
        users = users == null ? Policy.CHECK_IF_PRESENT : users;
        configs = configs == null ? new Configs(null) : configs;
        feedback = feedback == null ? new Feedback(null, null, null, null) : feedback;
        inbox = inbox == null ? new Inbox(null, null, null, null, null, null, null) : inbox;
        diagnostics = diagnostics == null ? new Diagnostics(null, null, null, null) : diagnostics;
        // each service checks its own values: refused here, a bad one fails start-up with the file that holds it
        feedback.over(FeedbackSettings.defaults());
        inbox.over(InboxSettings.defaults());
        diagnostics.over(DiagnosticsSettings.defaults());
    }

    /** Every default. */
    public static PlatformSettings defaults() {
        return new PlatformSettings(null, null, null, null, null);
    }

    public Duration configsCacheTtl() {
        return configs.cacheTtl() == null ? DEFAULT_CONFIGS_CACHE_TTL : configs.cacheTtl();
    }

    /** With a new random {@code instanceId} each call (the name of a queue consumer): call it once per process. */
    public FeedbackSettings feedbackSettings() {
        return feedback.over(FeedbackSettings.defaults());
    }

    public InboxSettings inboxSettings() {
        return inbox.over(InboxSettings.defaults());
    }

    public DiagnosticsSettings diagnosticsSettings() {
        return diagnostics.over(DiagnosticsSettings.defaults());
    }
}
