package io.shallot.web.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTrieDecodingTest {

    private final RouteTrie<String> trie = new RouteTrie<>();

    private Match.Found<String> found(String path) {
        Match<String> match = trie.lookup("GET", path);
        if (match instanceof Match.Found<String> f) {
            return f;
        }
        throw new AssertionError(path + " gave " + match);
    }

    private String badPath(String path) {
        Match<String> match = trie.lookup("GET", path);
        if (match instanceof Match.BadPath<String> b) {
            return b.reason();
        }
        throw new AssertionError(path + " gave " + match);
    }

    @Test
    void keepsAnEncodedSlashInsideTheParamValue() {
        trie.insert("GET", "/files/:name", "one");
        trie.insert("GET", "/files/:dir/:name", "two");

        Match.Found<String> match = found("/files/a%2Fb.txt");

        assertThat(match.value()).isEqualTo("one");
        assertThat(match.params()).containsExactly(Map.entry("name", "a/b.txt"));
    }

    @Test
    void neverMatchesAnEncodedSlashAgainstALiteralPath() {
        trie.insert("GET", "/a/b", "ab");

        assertThat(trie.lookup("GET", "/a%2Fb")).isEqualTo(Match.NotFound.instance());
    }

    @Test
    void decodesParamValuesOnceAsUtf8() {
        trie.insert("GET", "/users/:name", "user");

        assertThat(found("/users/Jos%C3%A9%20Mar%C3%ADa").params())
                .containsEntry("name", "José María");
        assertThat(found("/users/%F0%9F%A7%85").params()).containsEntry("name", "🧅");
        assertThat(found("/users/100%2525").params()).containsEntry("name", "100%25");
    }

    @Test
    void keepsPlusAsPlusInPaths() {
        trie.insert("GET", "/q/:term", "q");

        assertThat(found("/q/a+b").params()).containsEntry("term", "a+b");
        assertThat(found("/q/a%2Bb").params()).containsEntry("term", "a+b");
    }

    @Test
    void matchesAnEncodedSegmentAgainstTheDecodedLiteral() {
        trie.insert("GET", "/café/menu", "menu");

        assertThat(found("/caf%C3%A9/menu").value()).isEqualTo("menu");
        assertThat(found("/caf%c3%a9/menu").value()).isEqualTo("menu");
        assertThat(found("/café/menu").value()).isEqualTo("menu");
    }

    @Test
    void matchesAnEncodedAsciiSegmentAgainstItsLiteral() {
        trie.insert("GET", "/users/new", "static");
        trie.insert("GET", "/users/:id", "param");

        assertThat(found("/users/%6Eew").value()).isEqualTo("static");
    }

    @Test
    void decodesTheWildcardValue() {
        trie.insert("GET", "/static/*", "files");

        assertThat(found("/static/a%20b/c%2Fd").params()).containsEntry("*", "a b/c/d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/users/%", "/users/%4", "/users/%G1", "/users/%4x/edit", "/users/%%"})
    void reportsAnInvalidEscapeAsBadPath(String path) {
        trie.insert("GET", "/users/:id", "user");

        assertThat(badPath(path)).startsWith("malformed path: invalid percent-encoding '%")
                .contains("at index 7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/users/%FF", "/users/%C3", "/users/%C3x", "/users/%C0%AF",
            "/users/%ED%A0%80", "/users/%F4%90%80%80", "/users/%80", "/users/%E2%82"})
    void reportsInvalidUtf8AsBadPath(String path) {
        trie.insert("GET", "/users/:id", "user");

        assertThat(badPath(path)).startsWith("malformed path: invalid UTF-8");
    }

    @Test
    void reportsABadEscapeWhereverItIsAndWhateverTheRoutes() {
        trie.insert("GET", "/a", "a");

        assertThat(badPath("/nowhere/%ZZ")).contains("'%ZZ' at index 9");
        assertThat(badPath("/a%")).contains("'%' at index 2");
    }

    @Test
    void reportsAPathWithoutLeadingSlashAsBadPath() {
        trie.insert("GET", "/*", "all");

        assertThat(badPath("")).isEqualTo("path must start with '/'");
        assertThat(badPath("**")).isEqualTo("path must start with '/'");
        assertThat(badPath("http://example.com/")).isEqualTo("path must start with '/'");
    }

    @Test
    void matchesNoRouteWithTheAsteriskOfAServerWideOptions() {
        trie.insert("GET", "/*", "all");
        trie.insert("OPTIONS", "/*", "all");

        assertThat(trie.lookup("OPTIONS", "*")).isEqualTo(Match.NotFound.instance());
    }

    @Test
    void givesAnImmutableOrderedParamMap() {
        trie.insert("GET", "/:b/:a", "x");

        Map<String, String> params = found("/1/2").params();

        assertThat(params).containsExactly(Map.entry("b", "1"), Map.entry("a", "2"));
        assertThat(params).isEqualTo(Map.of("a", "2", "b", "1"));
        assertThat(params.get("c")).isNull();
        assertThatThrownBy(() -> params.put("c", "3"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> params.entrySet().iterator().remove())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reusesOneResultForRoutesWithoutParams() {
        trie.insert("GET", "/health", "ok");

        assertThat(found("/health")).isSameAs(found("/health"));
        assertThat(found("/health").params()).isEmpty();
    }
}
