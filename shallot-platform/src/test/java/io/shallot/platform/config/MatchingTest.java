package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.shallot.platform.config.internal.Attributes;
import io.shallot.web.HttpException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Language tags and rule conditions against client profiles. */
class MatchingTest {

    private static ConfigRule rule(Version min, Version max, Set<String> devices, Set<String> regions, Set<String> languages) {
        return new ConfigRule("0123456789abcdef01234567", "home", min, max, devices, regions, languages, null, 0, true,
                JsonNodeFactory.instance.objectNode(), null, 1, Instant.EPOCH);
    }

    private static ConfigRule language(String... tags) {
        return rule(null, null, Set.of(), Set.of(), Set.of(tags));
    }

    private static ClientProfile speaking(String tag) {
        return new ClientProfile(null, null, null, tag);
    }

    @Test
    void languageTagsTakeTheirCanonicalCase() {
        assertThat(Attributes.language("lang", "ZH-hant-tw")).isEqualTo("zh-Hant-TW");
        assertThat(Attributes.language("lang", "en-us")).isEqualTo("en-US");
        assertThat(Attributes.language("lang", "EN")).isEqualTo("en");
        assertThat(Attributes.language("lang", "es-419")).isEqualTo("es-419");
        assertThat(Attributes.language("lang", "de-DE-u-co-PHONEBK")).isEqualTo("de-DE-u-co-phonebk");
        assertThat(Attributes.language("lang", "sl-rozaj-biske")).isEqualTo("sl-rozaj-biske");
        for (String bad : List.of("en_US", "e", "toolongtag", "zh--CN", "zh-", "1en", "en-US-toolongsubtag", "x-private")) {
            assertThatThrownBy(() -> Attributes.language("Accept-Language", bad)).as(bad).isInstanceOf(HttpException.class)
                    .hasMessageStartingWith("Accept-Language must be a BCP 47 language tag");
        }
    }

    @Test
    void aLanguageCoversTagsThatExtendItAtASubtagBoundary() {
        assertThat(language("zh").matches(speaking("zh"))).isTrue();
        assertThat(language("zh").matches(speaking("zh-CN"))).isTrue();
        assertThat(language("zh").matches(speaking("zh-Hant-TW"))).isTrue();
        assertThat(language("zh-Hant").matches(speaking("zh-Hant-TW"))).isTrue();
        assertThat(language("zh-Hant").matches(speaking("zh-Hant"))).isTrue();
        assertThat(language("zh-Hant").matches(speaking("zh-CN"))).isFalse();
        assertThat(language("zh-Hant").matches(speaking("zh"))).isFalse();
        assertThat(language("zh").matches(speaking("zha"))).as("zha is Zhuang, not Chinese").isFalse();
        assertThat(language("en-US").matches(speaking("en-us"))).isTrue();
        assertThat(language("en", "fr").matches(speaking("fr-CA"))).isTrue();
        assertThat(Attributes.languageCovers("EN-us", "en-US-posix")).isTrue();
    }

    @Test
    void aClientThatDoesNotStateAnAttributeMatchesOnlyRulesThatDoNotConstrainIt() {
        ClientProfile nothing = ClientProfile.UNKNOWN;
        assertThat(rule(null, null, Set.of(), Set.of(), Set.of()).matches(nothing)).isTrue();
        assertThat(rule(Version.parse("1"), null, Set.of(), Set.of(), Set.of()).matches(nothing)).isFalse();
        assertThat(rule(null, Version.parse("9"), Set.of(), Set.of(), Set.of()).matches(nothing)).isFalse();
        assertThat(rule(null, null, Set.of("ios"), Set.of(), Set.of()).matches(nothing)).isFalse();
        assertThat(rule(null, null, Set.of(), Set.of("CN"), Set.of()).matches(nothing)).isFalse();
        assertThat(language("zh").matches(nothing)).isFalse();
        ClientProfile regionOnly = new ClientProfile(null, null, "cn", null);
        assertThat(rule(null, null, Set.of(), Set.of("CN"), Set.of()).matches(regionOnly)).isTrue();
        assertThat(rule(null, null, Set.of("ios"), Set.of("CN"), Set.of()).matches(regionOnly)).isFalse();
    }

    @Test
    void versionsAreMinInclusiveMaxExclusive() {
        ConfigRule range = rule(Version.parse("1.2"), Version.parse("2.0"), Set.of(), Set.of(), Set.of());
        assertThat(range.specificity()).isEqualTo(1);
        assertThat(range.matches(new ClientProfile(Version.parse("1.2.0"), null, null, null))).isTrue();
        assertThat(range.matches(new ClientProfile(Version.parse("1.10"), null, null, null))).isTrue();
        assertThat(range.matches(new ClientProfile(Version.parse("1.1.99"), null, null, null))).isFalse();
        assertThat(range.matches(new ClientProfile(Version.parse("2"), null, null, null))).isFalse();
        assertThat(rule(Version.parse("1"), Version.parse("2"), Set.of("ios"), Set.of("CN"), Set.of("zh")).specificity()).isEqualTo(4);
    }

    @Test
    void aProfileIsCanonicalOrRefused() {
        ClientProfile profile = new ClientProfile(Version.parse("3.1"), "iOS", "cn", "zh-hant-tw");
        assertThat(profile).isEqualTo(new ClientProfile(Version.parse("3.1.0"), "ios", "CN", "zh-Hant-TW"));
        assertThatThrownBy(() -> new ClientProfile(null, "i os", null, null)).hasMessageStartingWith("device must be");
        assertThatThrownBy(() -> new ClientProfile(null, null, "CHN", null)).hasMessageStartingWith("region must be");
        assertThatThrownBy(() -> new ClientProfile(null, null, null, "zh_CN")).hasMessageStartingWith("language must be");
    }
}
