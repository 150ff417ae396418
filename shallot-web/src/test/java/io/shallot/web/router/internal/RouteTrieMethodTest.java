package io.shallot.web.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTrieMethodTest {

    private final RouteTrie<String> trie = new RouteTrie<>();

    private Match.Found<String> found(String method, String path) {
        Match<String> match = trie.lookup(method, path);
        if (match instanceof Match.Found<String> f) {
            return f;
        }
        throw new AssertionError(method + " " + path + " gave " + match);
    }

    private Set<String> allowed(String method, String path) {
        Match<String> match = trie.lookup(method, path);
        if (match instanceof Match.MethodNotAllowed<String> m) {
            return m.allowedMethods();
        }
        throw new AssertionError(method + " " + path + " gave " + match);
    }

    @Test
    void answersMethodNotAllowedWithTheSortedAllowSet() {
        trie.insert("PUT", "/items/:id", "put");
        trie.insert("DELETE", "/items/:id", "delete");
        trie.insert("PATCH", "/items/:id", "patch");

        assertThat(allowed("POST", "/items/1")).containsExactly("DELETE", "PATCH", "PUT");
    }

    @Test
    void includesHeadInTheAllowSetWhenGetIsAllowed() {
        trie.insert("POST", "/items", "create");
        trie.insert("GET", "/items", "list");

        assertThat(allowed("DELETE", "/items")).containsExactly("GET", "HEAD", "POST");
    }

    @Test
    void unitesTheMethodsOfEveryRouteThatMatchesThePath() {
        trie.insert("GET", "/users/new", "form");
        trie.insert("DELETE", "/users/:id", "delete");
        trie.insert("POST", "/users/*", "upload");

        assertThat(allowed("PUT", "/users/new")).containsExactly("DELETE", "GET", "HEAD", "POST");
        assertThat(allowed("PUT", "/users/7")).containsExactly("DELETE", "POST");
    }

    @Test
    void givesAnImmutableAllowSet() {
        trie.insert("GET", "/a", "a");

        Set<String> allowed = allowed("POST", "/a");

        assertThat(allowed).isUnmodifiable();
    }

    @Test
    void answersNotFoundWhenNoRouteMatchesThePathWhateverTheMethod() {
        trie.insert("GET", "/a", "a");

        assertThat(trie.lookup("GET", "/b")).isEqualTo(Match.NotFound.instance());
        assertThat(trie.lookup("POST", "/b")).isEqualTo(Match.NotFound.instance());
    }

    @Test
    void servesHeadFromTheGetRoute() {
        trie.insert("GET", "/users/:id", "get user");

        Match.Found<String> match = found("HEAD", "/users/7");

        assertThat(match.value()).isEqualTo("get user");
        assertThat(match.pattern()).isEqualTo("/users/:id");
        assertThat(match.params()).containsEntry("id", "7");
    }

    @Test
    void prefersAnExplicitHeadRouteOverGet() {
        trie.insert("GET", "/a", "get");
        trie.insert("HEAD", "/a", "head");

        assertThat(found("HEAD", "/a").value()).isEqualTo("head");
        assertThat(found("GET", "/a").value()).isEqualTo("get");
    }

    @Test
    void servesHeadFromTheMostSpecificGetBeforeALessSpecificExplicitHead() {
        trie.insert("GET", "/users/new", "get new");
        trie.insert("HEAD", "/users/:id", "head user");

        assertThat(found("HEAD", "/users/new").value()).isEqualTo("get new");
        assertThat(found("HEAD", "/users/7").value()).isEqualTo("head user");
    }

    @Test
    void doesNotServeGetFromAHeadRoute() {
        trie.insert("HEAD", "/a", "head");

        assertThat(allowed("GET", "/a")).containsExactly("HEAD");
    }

    @Test
    void answersOptionsWithTheAllowSetUnlessAnOptionsRouteExists() {
        trie.insert("GET", "/a", "get");
        trie.insert("OPTIONS", "/b", "options");

        assertThat(allowed("OPTIONS", "/a")).containsExactly("GET", "HEAD");
        assertThat(found("OPTIONS", "/b").value()).isEqualTo("options");
    }

    @Test
    void comparesMethodsCaseSensitively() {
        trie.insert("GET", "/a", "get");

        assertThat(allowed("get", "/a")).containsExactly("GET", "HEAD");
    }

    @Test
    void acceptsExtensionMethods() {
        trie.insert("PROPFIND", "/dav/*", "propfind");

        assertThat(found("PROPFIND", "/dav/x").value()).isEqualTo("propfind");
        assertThat(allowed("GET", "/dav/x")).containsExactly("PROPFIND");
    }
}
