package io.shallot.web.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentDecoderTest {

    @Test
    void returnsTheSameStringWhenThereIsNothingToDecode() {
        String plain = "hello-world";

        assertThat(PercentDecoder.decode(plain, false)).isSameAs(plain);
        assertThat(PercentDecoder.decode("a+b", false)).isEqualTo("a+b");
    }

    @Test
    void decodesOnlyTheRequestedRegion() {
        assertThat(PercentDecoder.decode("/x/a%20b/y", 3, 8, false)).isEqualTo("a b");
    }

    @Test
    void decodesOneToFourByteSequences() {
        assertThat(PercentDecoder.decode("%41%C3%A9%E2%82%AC%F0%9F%A7%85", false))
                .isEqualTo("Aé€🧅");
    }

    @Test
    void acceptsLowerAndUpperCaseHex() {
        assertThat(PercentDecoder.decode("%c3%A9%2f", false)).isEqualTo("é/");
    }

    @Test
    void turnsPlusIntoSpaceOnlyWhenAsked() {
        assertThat(PercentDecoder.decode("a+b%2B", true)).isEqualTo("a b+");
        assertThat(PercentDecoder.decode("a+b%2B", false)).isEqualTo("a+b+");
    }

    @Test
    void keepsUnencodedNonAsciiCharactersAsTheyAre() {
        assertThat(PercentDecoder.decode("café%20🧅", false)).isEqualTo("café 🧅");
    }

    @Test
    void decodesTheHighestCodePoint() {
        assertThat(PercentDecoder.decode("%F4%8F%BF%BF", false))
                .isEqualTo(new String(Character.toChars(0x10FFFF)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ab%                | invalid percent-encoding '%' at index 2
            %4                 | invalid percent-encoding '%4' at index 0
            %G1                | invalid percent-encoding '%G1' at index 0
            x%-1               | invalid percent-encoding '%-1' at index 1
            %٠١                | invalid percent-encoding '%٠١' at index 0
            %80                | invalid UTF-8: byte 0x80 at index 0 cannot start a character
            %C0%AF             | invalid UTF-8: byte 0xC0 at index 0 cannot start a character
            %F5%80%80%80       | invalid UTF-8: byte 0xF5 at index 0 cannot start a character
            %E0%80%AF          | invalid UTF-8 in percent-encoded bytes '%E0%80' at index 0
            %ED%A0%80          | invalid UTF-8 in percent-encoded bytes '%ED%A0' at index 0
            %F0%80%80%80       | invalid UTF-8 in percent-encoded bytes '%F0%80' at index 0
            %F4%90%80%80       | invalid UTF-8 in percent-encoded bytes '%F4%90' at index 0
            a%C3               | invalid UTF-8 in percent-encoded bytes '%C3' at index 1
            %C3é               | invalid UTF-8 in percent-encoded bytes '%C3' at index 0
            %C3%41             | invalid UTF-8 in percent-encoded bytes '%C3%41' at index 0
            %E2%82             | invalid UTF-8 in percent-encoded bytes '%E2%82' at index 0
            %C3%G0             | invalid percent-encoding '%G0' at index 3
            """)
    void rejectsMalformedInputNamingTheEscapeAndItsIndex(String input, String message) {
        assertThatThrownBy(() -> PercentDecoder.decode(input, false))
                .isInstanceOf(PercentDecoder.MalformedException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void checksAWholeStringWithoutDecodingIt() {
        PercentDecoder.check("/caf%C3%A9/a%2Fb/%F0%9F%A7%85/plain");

        assertThatThrownBy(() -> PercentDecoder.check("/ok/%E2%82/x"))
                .hasMessage("invalid UTF-8 in percent-encoded bytes '%E2%82' at index 4");
        assertThatThrownBy(() -> PercentDecoder.check("/ok/%Q"))
                .hasMessageStartingWith("invalid percent-encoding '%Q' at index 4");
    }

    @Test
    void reportsTheIndexOfTheBadEscape() {
        assertThatThrownBy(() -> PercentDecoder.decode("abc%zz", false))
                .isInstanceOfSatisfying(PercentDecoder.MalformedException.class,
                        e -> assertThat(e.index()).isEqualTo(3));
    }
}
