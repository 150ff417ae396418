package io.shallot.web.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.web.router.internal.PathPattern.Literal;
import io.shallot.web.router.internal.PathPattern.Param;
import io.shallot.web.router.internal.PathPattern.Wildcard;
import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void splitsIntoLiteralParamAndWildcardSegments() {
        PathPattern pattern = PathPattern.parse("/users/:id/files/*");

        assertThat(pattern.segments()).containsExactly(new Literal("users"), new Param("id"),
                new Literal("files"), new Wildcard("*"));
        assertThat(pattern.paramNames()).containsExactly("id", "*");
        assertThat(pattern.source()).isEqualTo("/users/:id/files/*");
        assertThat(pattern).hasToString("/users/:id/files/*");
    }

    @Test
    void representsATrailingSlashAsAFinalEmptyLiteral() {
        assertThat(PathPattern.parse("/a/").segments())
                .containsExactly(new Literal("a"), new Literal(""));
        assertThat(PathPattern.parse("/").segments()).containsExactly(new Literal(""));
    }

    @Test
    void namesAWildcardWhenAskedTo() {
        assertThat(PathPattern.parse("/assets/*path").paramNames()).containsExactly("path");
    }

    @Test
    void acceptsUnderscoresDigitsAndNonAsciiLiterals() {
        PathPattern pattern = PathPattern.parse("/café/c++/v1.2/:_user_id2/~me/.well-known/...");

        assertThat(pattern.segments()).containsExactly(new Literal("café"), new Literal("c++"),
                new Literal("v1.2"), new Param("_user_id2"), new Literal("~me"), new Literal(".well-known"),
                new Literal("..."));
    }

    @Test
    void exposesImmutableLists() {
        PathPattern pattern = PathPattern.parse("/:a");

        assertThat(pattern.segments()).isUnmodifiable();
        assertThat(pattern.paramNames()).isUnmodifiable();
    }
}
