package io.shallot.web.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTrieRegistrationTest {

    private final RouteTrie<String> trie = new RouteTrie<>();

    private Match.Found<String> found(String method, String path) {
        Match<String> match = trie.lookup(method, path);
        if (match instanceof Match.Found<String> f) {
            return f;
        }
        throw new AssertionError(method + " " + path + " gave " + match);
    }

    @Test
    void rejectsTheSameRouteTwice() {
        trie.insert("GET", "/users/:id", "first");

        assertThatThrownBy(() -> trie.insert("GET", "/users/:id", "second"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate route: GET /users/:id already registered");
    }

    @Test
    void rejectsTheSameShapeWithOtherParamNames() {
        trie.insert("GET", "/users/:id", "first");

        assertThatThrownBy(() -> trie.insert("GET", "/users/:uid", "second"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GET /users/:uid conflicts with GET /users/:id already registered"
                        + " (same shape: parameter names do not distinguish routes)");
    }

    @Test
    void rejectsTheSameWildcardShapeWithAnotherName() {
        trie.insert("GET", "/files/*", "first");

        assertThatThrownBy(() -> trie.insert("GET", "/files/*path", "second"))
                .hasMessageContaining("GET /files/* already registered");
    }

    @Test
    void leavesTheFirstRouteInPlaceAfterARejectedDuplicate() {
        trie.insert("GET", "/users/:id", "first");

        assertThatThrownBy(() -> trie.insert("GET", "/users/:uid", "second"));

        assertThat(found("GET", "/users/1").value()).isEqualTo("first");
        assertThat(found("GET", "/users/1").params()).containsOnlyKeys("id");
        assertThat(trie.size()).isEqualTo(1);
    }

    @Test
    void acceptsTheSameShapeForAnotherMethod() {
        trie.insert("GET", "/users/:id", "get");
        trie.insert("PUT", "/users/:id", "put");

        assertThat(found("PUT", "/users/1").value()).isEqualTo("put");
        assertThat(trie.size()).isEqualTo(2);
    }

    @Test
    void keepsParamNamesPerRouteAtASharedPosition() {
        trie.insert("GET", "/users/:id", "user");
        trie.insert("GET", "/users/:userId/posts/:postId", "post");
        trie.insert("DELETE", "/users/:uid", "delete");

        assertThat(found("GET", "/users/1").params()).containsExactly(Map.entry("id", "1"));
        assertThat(found("GET", "/users/1/posts/2").params())
                .containsExactly(Map.entry("userId", "1"), Map.entry("postId", "2"));
        assertThat(found("DELETE", "/users/1").params()).containsExactly(Map.entry("uid", "1"));
    }

    @Test
    void treatsATrailingSlashAsAnotherRouteNotADuplicate() {
        trie.insert("GET", "/a", "no slash");
        trie.insert("GET", "/a/", "slash");

        assertThat(found("GET", "/a").value()).isEqualTo("no slash");
        assertThat(found("GET", "/a/").value()).isEqualTo("slash");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            users                | route pattern 'users' must start with '/'
            ""                   | route pattern '' must start with '/'
            /a/:id/b/:id         | route pattern '/a/:id/b/:id' duplicate parameter name 'id'
            /a/:path/*path       | route pattern '/a/:path/*path' duplicate parameter name 'path'
            /users/:             | route pattern '/users/:' has an empty parameter name (':')
            /users/:id?          | has modifier '?' after parameter ':id': optional and repeated parameters are not supported
            /users/:id+          | has modifier '+' after parameter ':id'
            /users/:id*          | has modifier '*' after parameter ':id'
            /users/:id(\\d+)     | has a regex constraint after parameter ':id': regex parameters are not supported
            /users/{id}          | has '{' at index 7: '{name}' placeholders are not supported, use ':name'
            /users/(.*)          | has '(' at index 7: regex groups are not supported
            /flights/:from-:to   | has ':from-:to': a parameter takes a whole segment
            /v1/books:publish    | has ':' at index 9: ':name' parameters must take a whole segment
            /files/*/edit        | has '*' before the end: a wildcard must be the last segment
            /files*              | has '*' at index 6: a wildcard must be a whole segment ('/*') and the last one
            /a?b                 | has '?' at index 2: optional parts are not supported
            /caf%C3%A9           | has '%' at index 4: patterns are matched against decoded paths
            /a#b                 | has '#' at index 2: a pattern has no fragment
            /a//b                | has an empty segment ('//') at index 2
            //                   | has an empty segment ('//') at index 0
            /a/./b               | has a dot segment '.', which clients remove from paths before sending them
            /a/..                | has a dot segment '..'
            /users/:1st          | has invalid character '1' in parameter name ':1st'
            /users/:na$me        | has invalid character '$' in parameter name ':na$me'
            """)
    void rejectsUnsupportedSyntaxNamingThePattern(String pattern, String message) {
        assertThatThrownBy(() -> trie.insert("GET", pattern, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThat(trie.size()).isZero();
        assertThat(trie.lookup("GET", "/users/1")).isEqualTo(Match.NotFound.instance());
    }

    @Test
    void rejectsNullArgumentsNamingTheRoute() {
        assertThatThrownBy(() -> trie.insert(null, "/a", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("method must not be null (route pattern '/a')");
        assertThatThrownBy(() -> trie.insert("GET", null, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route pattern must not be null");
        assertThatThrownBy(() -> trie.insert("GET", "/a", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value must not be null for GET /a");
        assertThatThrownBy(() -> trie.lookup(null, "/a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> trie.lookup("GET", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAMethodThatIsNotAnHttpToken() {
        assertThatThrownBy(() -> trie.insert("GE T", "/a", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("method 'GE T' for route pattern '/a' is not an HTTP method token");
        assertThatThrownBy(() -> trie.insert("", "/a", "x"))
                .hasMessage("method '' for route pattern '/a' is not an HTTP method token");
    }
}
