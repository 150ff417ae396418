package io.shallot.web.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTriePrecedenceTest {

    private static Match.Found<String> found(RouteTrie<String> trie, String method, String path) {
        Match<String> match = trie.lookup(method, path);
        if (match instanceof Match.Found<String> f) {
            return f;
        }
        throw new AssertionError(method + " " + path + " gave " + match);
    }

    private static RouteTrie<String> trie(String... patterns) {
        RouteTrie<String> trie = new RouteTrie<>();
        for (String pattern : patterns) {
            trie.insert("GET", pattern, pattern);
        }
        return trie;
    }

    @Test
    void staticBeatsParamWhateverTheRegistrationOrder() {
        for (List<String> order : List.of(List.of("/users/new", "/users/:id"),
                List.of("/users/:id", "/users/new"))) {
            RouteTrie<String> trie = trie(order.toArray(String[]::new));

            assertThat(found(trie, "GET", "/users/new").value()).isEqualTo("/users/new");
            assertThat(found(trie, "GET", "/users/42").value()).isEqualTo("/users/:id");
        }
    }

    @Test
    void paramBeatsWildcardWhateverTheRegistrationOrder() {
        for (List<String> order : List.of(List.of("/files/*", "/files/:name"),
                List.of("/files/:name", "/files/*"))) {
            RouteTrie<String> trie = trie(order.toArray(String[]::new));

            assertThat(found(trie, "GET", "/files/a.txt").value()).isEqualTo("/files/:name");
            assertThat(found(trie, "GET", "/files/a/b.txt").value()).isEqualTo("/files/*");
        }
    }

    @Test
    void staticBeatsWildcardWhateverTheRegistrationOrder() {
        for (List<String> order : List.of(List.of("/*", "/health"), List.of("/health", "/*"))) {
            RouteTrie<String> trie = trie(order.toArray(String[]::new));

            assertThat(found(trie, "GET", "/health").value()).isEqualTo("/health");
            assertThat(found(trie, "GET", "/healthz").value()).isEqualTo("/*");
        }
    }

    @Test
    void backtracksFromAStaticDeadEndToAParamRoute() {
        RouteTrie<String> trie = trie("/users/new", "/users/:id/edit");

        Match.Found<String> match = found(trie, "GET", "/users/new/edit");

        assertThat(match.value()).isEqualTo("/users/:id/edit");
        assertThat(match.params()).containsExactly(Map.entry("id", "new"));
    }

    @Test
    void backtracksSeveralLevelsDeepToAWildcard() {
        RouteTrie<String> trie = trie("/a/b/c/d", "/a/:x/c/e", "/a/*");

        assertThat(found(trie, "GET", "/a/b/c/d").value()).isEqualTo("/a/b/c/d");
        assertThat(found(trie, "GET", "/a/b/c/e").value()).isEqualTo("/a/:x/c/e");
        assertThat(found(trie, "GET", "/a/b/c/f").value()).isEqualTo("/a/*");
        assertThat(found(trie, "GET", "/a/b/c/f").params()).containsExactly(Map.entry("*", "b/c/f"));
    }

    @Test
    void prefersTheMoreSpecificBranchAtEachSegmentFromTheLeft() {
        RouteTrie<String> trie = trie("/:a/static", "/static/:b");

        assertThat(found(trie, "GET", "/static/static").value()).isEqualTo("/static/:b");
    }

    @Test
    void backtracksToARouteThatHasTheRequestedMethod() {
        RouteTrie<String> trie = new RouteTrie<>();
        trie.insert("GET", "/users/new", "new form");
        trie.insert("DELETE", "/users/:id", "delete user");

        assertThat(found(trie, "DELETE", "/users/new").value()).isEqualTo("delete user");
        assertThat(found(trie, "GET", "/users/new").value()).isEqualTo("new form");
    }

    @Test
    void doesNotConfuseNestedLookingPrefixes() {
        RouteTrie<String> trie = trie("/user", "/users", "/users/:id", "/api", "/api/v1",
                "/api/v10/:x");

        assertThat(found(trie, "GET", "/user").value()).isEqualTo("/user");
        assertThat(found(trie, "GET", "/users").value()).isEqualTo("/users");
        assertThat(found(trie, "GET", "/users/7").value()).isEqualTo("/users/:id");
        assertThat(found(trie, "GET", "/api/v1").value()).isEqualTo("/api/v1");
        assertThat(found(trie, "GET", "/api/v10/y").value()).isEqualTo("/api/v10/:x");
        assertThat(trie.lookup("GET", "/use")).isInstanceOf(Match.NotFound.class);
        assertThat(trie.lookup("GET", "/userss")).isInstanceOf(Match.NotFound.class);
        assertThat(trie.lookup("GET", "/api/v")).isInstanceOf(Match.NotFound.class);
        assertThat(trie.lookup("GET", "/api/v1/extra")).isInstanceOf(Match.NotFound.class);
    }

    @Test
    void findsLiteralsAmongManySiblingsByBinarySearch() {
        RouteTrie<String> trie = new RouteTrie<>();
        for (int i = 0; i < 200; i++) {
            trie.insert("GET", "/s/k" + i, "k" + i);
        }

        for (int i = 0; i < 200; i++) {
            assertThat(found(trie, "GET", "/s/k" + i).value()).isEqualTo("k" + i);
        }
        assertThat(trie.lookup("GET", "/s/k200")).isInstanceOf(Match.NotFound.class);
        assertThat(trie.lookup("GET", "/s/k")).isInstanceOf(Match.NotFound.class);
        assertThat(trie.size()).isEqualTo(200);
    }

    @Test
    void treatsTrailingSlashAsADistinctRoute() {
        RouteTrie<String> trie = trie("/a", "/b/");

        assertThat(found(trie, "GET", "/a").value()).isEqualTo("/a");
        assertThat(trie.lookup("GET", "/a/")).isInstanceOf(Match.NotFound.class);
        assertThat(found(trie, "GET", "/b/").value()).isEqualTo("/b/");
        assertThat(trie.lookup("GET", "/b")).isInstanceOf(Match.NotFound.class);
    }

    @Test
    void matchesTheRootOnlyForASingleSlash() {
        RouteTrie<String> trie = trie("/");

        assertThat(found(trie, "GET", "/").value()).isEqualTo("/");
        assertThat(trie.lookup("GET", "//")).isInstanceOf(Match.NotFound.class);
    }

    @Test
    void paramDoesNotMatchAnEmptySegment() {
        RouteTrie<String> trie = trie("/users/:id", "/a/:x/b");

        assertThat(trie.lookup("GET", "/users/")).isInstanceOf(Match.NotFound.class);
        assertThat(trie.lookup("GET", "/a//b")).isInstanceOf(Match.NotFound.class);
    }

    @Test
    void wildcardMatchesTheRestIncludingEmptyButNotTheBareParent() {
        RouteTrie<String> trie = trie("/files/*");

        assertThat(found(trie, "GET", "/files/").params()).containsExactly(Map.entry("*", ""));
        assertThat(found(trie, "GET", "/files/a").params()).containsExactly(Map.entry("*", "a"));
        assertThat(found(trie, "GET", "/files/a/b/").params())
                .containsExactly(Map.entry("*", "a/b/"));
        assertThat(trie.lookup("GET", "/files")).isInstanceOf(Match.NotFound.class);
    }

    @Test
    void rootWildcardMatchesEveryPath() {
        RouteTrie<String> trie = trie("/*");

        assertThat(found(trie, "GET", "/").params()).containsExactly(Map.entry("*", ""));
        assertThat(found(trie, "GET", "/x/y").params()).containsExactly(Map.entry("*", "x/y"));
    }

    @Test
    void namedWildcardIsExposedUnderItsName() {
        RouteTrie<String> trie = trie("/static/:version/*path");

        Match.Found<String> match = found(trie, "GET", "/static/v2/css/site.css");

        assertThat(match.params()).containsExactly(Map.entry("version", "v2"),
                Map.entry("path", "css/site.css"));
        assertThat(match.pattern()).isEqualTo("/static/:version/*path");
    }

    @Test
    void exposesParamsInPathOrder() {
        RouteTrie<String> trie = trie("/:z/:a/:m");

        assertThat(found(trie, "GET", "/1/2/3").params())
                .containsExactly(Map.entry("z", "1"), Map.entry("a", "2"), Map.entry("m", "3"));
    }

    @Test
    void walksAVeryLongPathNoDeeperThanTheLongestPattern() {
        RouteTrie<String> trie = trie("/:a/:b", "/a/*");
        String deep = "/a".repeat(200_000);

        assertThat(found(trie, "GET", deep).params()).containsEntry("*", deep.substring(3));
        assertThat(trie.lookup("GET", "/b" + deep)).isEqualTo(Match.NotFound.instance());
    }
}
