package io.shallot.gateway.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.proxy.internal.RouteTable.Found;
import io.shallot.gateway.proxy.internal.RouteTable.Match;
import io.shallot.gateway.proxy.internal.RouteTable.NoRoute;
import io.shallot.gateway.proxy.internal.RouteTable.WrongMethod;
import io.shallot.gateway.user.UserMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static ApiRoute route(String api, String host, String prefix, String... methods) {
        return new ApiRoute(api, host, prefix, Set.of(methods), "up", 2, false, null, UserMode.NONE);
    }

    private static String api(Match match) {
        return match instanceof Found found ? found.route().api() : match.toString();
    }

    private final RouteTable table = RouteTable.of(List.of(
            route("contents", null, "/v1/contents"),
            route("content-write", null, "/v1/contents/drafts", "POST", "PUT"),
            route("admin", null, "/admin"),
            route("users", null, "/v1/users", "GET"),
            route("partner-contents", "partner.example.com", "/v1/contents")));

    @Test
    void takesTheLongestPrefixOnASegmentBoundary() {
        assertThat(api(table.match(null, "/v1/contents", "GET"))).isEqualTo("contents");
        assertThat(api(table.match(null, "/v1/contents/7", "GET"))).isEqualTo("contents");
        assertThat(api(table.match(null, "/v1/contents/drafts/3", "POST"))).isEqualTo("content-write");
        assertThat(table.match(null, "/v1/contentsX", "GET")).isInstanceOf(NoRoute.class);
        assertThat(table.match(null, "/v1", "GET")).isInstanceOf(NoRoute.class);
        assertThat(table.match(null, "/", "GET")).isInstanceOf(NoRoute.class);
    }

    @Test
    void comparesPrefixesIgnoringCaseIncludingCharactersThatFoldOntoAscii() {
        assertThat(api(table.match(null, "/ADMIN", "GET"))).isEqualTo("admin");
        assertThat(api(table.match(null, "/Admin/users", "DELETE"))).isEqualTo("admin");
        assertThat(api(table.match(null, "/adm\u0131n", "GET"))).as("dotless i").isEqualTo("admin");
        assertThat(api(table.match(null, "/adm\u0130n", "GET"))).as("dotted capital I").isEqualTo("admin");
        assertThat(api(table.match(null, "/V1/U\u017Fers", "GET"))).as("long s").isEqualTo("users");
    }

    @Test
    void aHostSpecificRouteShadowsTheAnyHostRouteOfItsPrefixOnlyOnItsHost() {
        assertThat(api(table.match("partner.example.com", "/v1/contents/7", "GET"))).isEqualTo("partner-contents");
        assertThat(api(table.match("partner.example.com", "/admin", "GET"))).isEqualTo("admin");
        assertThat(api(table.match("other.example.com", "/v1/contents/7", "GET"))).isEqualTo("contents");
        assertThat(api(table.match(null, "/v1/contents/7", "GET"))).isEqualTo("contents");
    }

    @Test
    void aPrefixWithoutTheMethodIsAWrongMethodWithItsAllowList() {
        assertThat(table.match(null, "/v1/users/1", "POST")).isEqualTo(new WrongMethod("GET, HEAD"));
        assertThat(table.match(null, "/v1/contents/drafts", "GET")).isEqualTo(new WrongMethod("POST, PUT"));
        assertThat(api(table.match(null, "/v1/users/1", "HEAD"))).isEqualTo("users");
    }

    @Test
    void theRootPrefixCatchesEverythingElse() {
        RouteTable withRoot = RouteTable.of(List.of(route("fallback", null, "/"), route("admin", null, "/admin")));
        assertThat(api(withRoot.match(null, "/", "GET"))).isEqualTo("fallback");
        assertThat(api(withRoot.match(null, "/anything/else", "GET"))).isEqualTo("fallback");
        assertThat(api(withRoot.match(null, "/admin/x", "GET"))).isEqualTo("admin");
    }

    @Test
    void routesThatShareAHostPrefixAndMethodAreRefusedNamingBoth() {
        assertThatThrownBy(() -> RouteTable.of(List.of(route("a", null, "/x", "GET", "POST"), route("b", null, "/X", "POST"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("routes a and b both serve [POST] at any host /X");
        assertThatThrownBy(() -> RouteTable.of(List.of(route("a", "h", "/x"), route("b", "h", "/x", "GET"))))
                .hasMessageContaining("routes a and b both serve");
        RouteTable split = RouteTable.of(List.of(route("read", null, "/x", "GET"), route("write", null, "/x", "POST")));
        assertThat(api(split.match(null, "/x", "POST"))).isEqualTo("write");
    }

    @Test
    void aPrefixMustBeANormalisedPath() {
        assertThatThrownBy(() -> RouteTable.of(List.of(route("a", null, "/v1//x"))))
                .hasMessage("route a: prefix '/v1//x' must be a normalised path (no empty, '.' or '..' segments)");
        assertThatThrownBy(() -> RouteTable.of(List.of(route("a", null, "/v1/../admin"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
