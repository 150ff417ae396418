package io.shallot.web.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.util.Map.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void parsesPairsInFirstSeenOrder() {
        Map<String, List<String>> query = QueryString.parse("z=1&a=2&m=3");

        assertThat(query).containsExactly(entry("z", List.of("1")), entry("a", List.of("2")),
                entry("m", List.of("3")));
    }

    @Test
    void collectsRepeatedKeysIntoOneListInOrder() {
        Map<String, List<String>> query = QueryString.parse("id=3&x=0&id=1&id=2");

        assertThat(query).containsExactly(entry("id", List.of("3", "1", "2")),
                entry("x", List.of("0")));
    }

    @Test
    void keepsCommaSeparatedValuesAsOneString() {
        assertThat(QueryString.parse("user_ids=1001,1002"))
                .containsExactly(entry("user_ids", List.of("1001,1002")));
    }

    @Test
    void treatsBracketsAndOperatorsAsPlainKeyText() {
        Map<String, List<String>> query = QueryString.parse("a[$ne]=1&user_ids%5B%24gt%5D=&b.c=2");

        assertThat(query).containsExactly(entry("a[$ne]", List.of("1")),
                entry("user_ids[$gt]", List.of("")), entry("b.c", List.of("2")));
    }

    @Test
    void treatsPrototypeNamesAsPlainKeys() {
        Map<String, List<String>> query =
                QueryString.parse("__proto__=x&constructor=y&prototype=z&hasOwnProperty=w");

        assertThat(query).containsExactly(entry("__proto__", List.of("x")),
                entry("constructor", List.of("y")), entry("prototype", List.of("z")),
                entry("hasOwnProperty", List.of("w")));
    }

    @Test
    void decodesPlusAsSpaceAndPercentEscapesInKeysAndValues() {
        Map<String, List<String>> query =
                QueryString.parse("first+name=Jos%C3%A9+Mar%C3%ADa&q=a%20b&plus=1%2B1&pct=100%25");

        assertThat(query).containsExactly(entry("first name", List.of("José María")),
                entry("q", List.of("a b")), entry("plus", List.of("1+1")),
                entry("pct", List.of("100%")));
    }

    @Test
    void skipsEmptyPairsAndGivesBareKeysAnEmptyValue() {
        Map<String, List<String>> query = QueryString.parse("&a=1&&b&c=&");

        assertThat(query).containsExactly(entry("a", List.of("1")), entry("b", List.of("")),
                entry("c", List.of("")));
    }

    @Test
    void splitsOnlyOnTheFirstEqualsSign() {
        assertThat(QueryString.parse("token=abc==&=x"))
                .containsExactly(entry("token", List.of("abc==")), entry("", List.of("x")));
    }

    @Test
    void doesNotSplitOnSemicolonsOrDecodeTwice() {
        assertThat(QueryString.parse("a=1;b=2&c=%2541"))
                .containsExactly(entry("a", List.of("1;b=2")), entry("c", List.of("%41")));
    }

    @Test
    void givesAnEmptyMapForNullOrEmptyInput() {
        assertThat(QueryString.parse(null)).isEmpty();
        assertThat(QueryString.parse("")).isEmpty();
        assertThat(QueryString.parse("&&&")).isEmpty();
    }

    @Test
    void returnsAnImmutableMapOfImmutableLists() {
        Map<String, List<String>> query = QueryString.parse("a=1&a=2");

        assertThat(query).isUnmodifiable();
        assertThat(query.get("a")).isUnmodifiable();
    }

    @Test
    void rejectsMalformedEscapesNamingThem() {
        assertThatThrownBy(() -> QueryString.parse("q=100%"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed query string: invalid percent-encoding '%' at index 5"
                        + " (expected '%' followed by two hex digits)");
        assertThatThrownBy(() -> QueryString.parse("a=1&%ZZ=2"))
                .hasMessageStartingWith("malformed query string: invalid percent-encoding '%ZZ'"
                        + " at index 4");
        assertThatThrownBy(() -> QueryString.parse("name=%C3%28"))
                .hasMessage("malformed query string: invalid UTF-8 in percent-encoded bytes"
                        + " '%C3%28' at index 5");
    }

    @Test
    void acceptsExactlyTheDefaultCapOfOneThousandParams() {
        String atCap = "a=1&".repeat(1000);

        assertThat(QueryString.parse(atCap).get("a")).hasSize(1000);
        assertThatThrownBy(() -> QueryString.parse(atCap + "b=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query string has more than 1000 parameters");
    }

    @Test
    void appliesAConfiguredCap() {
        assertThat(QueryString.parse("a&b&c", 3)).hasSize(3);
        assertThatThrownBy(() -> QueryString.parse("a&b&c&d", 3))
                .hasMessage("query string has more than 3 parameters");
        assertThatThrownBy(() -> QueryString.parseForm("a&b", 1))
                .hasMessage("form body has more than 1 parameters");
    }

    @Test
    void failsOnTheCapBeforeDecodingTheExcess() {
        assertThatThrownBy(() -> QueryString.parse("a=1&b=2&c=%ZZ", 2))
                .hasMessage("query string has more than 2 parameters");
    }

    @Test
    void doesNotCountEmptyPairsAgainstTheCap() {
        assertThat(QueryString.parse("&&a=1&&&&b=2&&", 2)).hasSize(2);
    }

    @Test
    void rejectsACapBelowOne() {
        assertThatThrownBy(() -> QueryString.parse("a=1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParams must be at least 1, got 0");
    }

    @Test
    void parsesFormBodiesByTheSameRules() {
        Map<String, List<String>> form =
                QueryString.parseForm("name=Ada+Lovelace&tags=a&tags=b&note=x%26y%3Dz&empty");

        assertThat(form).containsExactly(entry("name", List.of("Ada Lovelace")),
                entry("tags", List.of("a", "b")), entry("note", List.of("x&y=z")),
                entry("empty", List.of("")));
    }

    @Test
    void namesTheFormBodyInItsErrors() {
        assertThatThrownBy(() -> QueryString.parseForm("a=%E2%82"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("malformed form body: invalid UTF-8 in percent-encoded bytes"
                        + " '%E2%82' at index 2");
    }
}
