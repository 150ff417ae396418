package io.shallot.web.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

class HeaderNamesTest {
    private final HeaderNames names = new HeaderNames(8);

    @Test
    void aNameBecomesOneAsciiStringThatKeepsItsCase() {
        CharSequence first = names.of("X-Request-Id");
        assertThat(first).isInstanceOf(AsciiString.class).hasToString("X-Request-Id");
        assertThat(names.of(new String("X-Request-Id"))).isSameAs(first);
    }

    @Test
    void headersSetUnderTheAsciiNameAreFoundByAnyCaseOfTheString() {
        HttpHeaders headers = new DefaultHttpHeaders(false);
        headers.set(names.of("X-Trace-Test"), "1");
        assertThat(headers.get("x-trace-test")).isEqualTo("1");
        headers.remove("X-TRACE-TEST");
        assertThat(headers.isEmpty()).isTrue();
    }

    @Test
    void aNameThatIsNotAnHttpTokenIsRefusedAndNamedInTheMessage() {
        assertThatThrownBy(() -> names.of("X-Caf\u00e9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("response header name \"X-Caf\\u00E9\" is not an HTTP token");
        assertThatThrownBy(() -> names.of("X\r\nSet-Cookie")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X\\u000D\\u000ASet-Cookie");
        for (String bad : new String[] {"", "X Space", "X:Colon", "X(paren)", "X\"quote"}) {
            assertThatThrownBy(() -> names.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(names.of("X-Tokens!#$%&'*+-.^_`|~09")).isInstanceOf(AsciiString.class);
        assertThatThrownBy(() -> names.of(null)).isInstanceOf(NullPointerException.class).hasMessage("header name");
    }

    @Test
    void theCacheStopsGrowingAtItsBound() {
        for (int i = 0; i < 8; i++) {
            assertThat(names.of("X-Made-Up-" + i)).isInstanceOf(AsciiString.class);
        }
        assertThat(names.of("X-Made-Up-Beyond-The-Bound")).isInstanceOf(String.class);
        assertThatThrownBy(() -> names.of("X Beyond The Bound")).isInstanceOf(IllegalArgumentException.class);
        assertThat(names.of("X-Made-Up-3")).isInstanceOf(AsciiString.class);
    }
}
