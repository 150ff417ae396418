package io.shallot.web.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationsTest {

    @Test
    void aUrlThatNeedsNothingIsReturnedAsItIs() {
        String url = "https://example.com/a/b;c?x=1&y=%2F#frag-ment~!$'()*+,@[]|";
        assertThat(Locations.encode(url)).isSameAs(url);
    }

    @Test
    void whatAUrlCannotHoldIsEncodedAsUtf8() {
        assertThat(Locations.encode("/a b\"c<d>e`f{g}h\\i^j")).isEqualTo("/a%20b%22c%3Cd%3Ee%60f%7Bg%7Dh\\i^j");
        assertThat(Locations.encode("/x\r\n\t\u0000\u007f")).isEqualTo("/x%0D%0A%09%00%7F");
        assertThat(Locations.encode("/\u00e9\u20ac\uD83D\uDE00")).isEqualTo("/%C3%A9%E2%82%AC%F0%9F%98%80");
    }

    @Test
    void aPercentThatStartsNoEscapeIsEncodedItself() {
        assertThat(Locations.encode("/100%")).isEqualTo("/100%25");
        assertThat(Locations.encode("/%4")).isEqualTo("/%254");
        assertThat(Locations.encode("/%g0%4a")).isEqualTo("/%25g0%4a");
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() {
        assertThat(Locations.encode("/\uD83Dx")).isEqualTo("/%EF%BF%BDx");
        assertThat(Locations.encode("/\uDE00")).isEqualTo("/%EF%BF%BD");
    }
}
