package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.web.HttpException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void comparesNumberByNumberNotAsText() {
        assertThat(Version.parse("1.10")).isGreaterThan(Version.parse("1.9"));
        assertThat(Version.parse("2")).isGreaterThan(Version.parse("1.999999999.9.9"));
        assertThat(Version.parse("1.2.1")).isGreaterThan(Version.parse("1.2"));
        assertThat(Version.parse("0.0.0.1")).isGreaterThan(Version.parse("0"));
    }

    @Test
    void missingTrailingNumbersAreZero() {
        assertThat(Version.parse("1.2")).isEqualTo(Version.parse("1.2.0")).isEqualTo(Version.parse("1.2.0.0"))
                .hasSameHashCodeAs(Version.parse("1.2.0.0"));
        assertThat(Version.parse("1.2").compareTo(Version.parse("1.2.0"))).isZero();
        assertThat(Version.parse("1.02").toString()).isEqualTo("1.2");
        assertThat(Version.parse("3.0.0").toString()).isEqualTo("3.0.0");
    }

    @Test
    void refusesAnythingElseWithA400NamingIt() {
        for (String bad : List.of("", "1.", ".1", "1..2", "1.2.3.4.5", "v1", "1.2-beta", "-1", "1.1234567890", " 1", "1,2", "１.２")) {
            assertThatThrownBy(() -> Version.parse("minVersion", bad)).as(bad).isInstanceOf(HttpException.class)
                    .hasMessageStartingWith("minVersion must be 1 to 4 dot-separated numbers")
                    .extracting(e -> ((HttpException) e).status()).isEqualTo(400);
        }
        assertThatThrownBy(() -> Version.parse(null)).hasMessageStartingWith("version must be");
        assertThat(Version.parse("999999999.0.0.999999999").toString()).isEqualTo("999999999.0.0.999999999");
    }
}
