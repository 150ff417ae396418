package io.shallot.web.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Book(String title, int year) {
    }

    /** Writes its first field, then fails: the generator is left inside the object. */
    @JsonPropertyOrder({"a", "b"})
    public static final class Half {
        public String getA() {
            return "written";
        }

        public String getB() {
            throw new IllegalStateException("getter failed");
        }
    }

    private static String json(ObjectMapper mapper, Object value) throws Exception {
        return new String(JsonBodies.write(mapper, value), StandardCharsets.UTF_8);
    }

    @Test
    void eachValueIsExactlyItsOwnDocument() throws Exception {
        assertThat(json(MAPPER, new Book("Shallot", 2026))).isEqualTo("{\"title\":\"Shallot\",\"year\":2026}");
        assertThat(json(MAPPER, "quoted")).isEqualTo("\"quoted\"");
        assertThat(json(MAPPER, List.of(1, 2))).isEqualTo("[1,2]");
        assertThat(json(MAPPER, null)).isEqualTo("null");
        assertThat(json(MAPPER, Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void aBodyLargerThanTheBuffersComesOutWhole() throws Exception {
        String big = "x".repeat(300_000);
        assertThat(json(MAPPER, List.of(big))).isEqualTo("[\"" + big + "\"]");
        assertThat(json(MAPPER, 7)).isEqualTo("7");
    }

    @Test
    void aFailedValueLeavesNothingBehindForTheNext() throws Exception {
        assertThatThrownBy(() -> JsonBodies.write(MAPPER, new Half()))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("getter failed");
        assertThat(json(MAPPER, new Book("after", 1))).isEqualTo("{\"title\":\"after\",\"year\":1}");
        assertThat(json(MAPPER, new Book("again", 2))).isEqualTo("{\"title\":\"again\",\"year\":2}");
    }

    @Test
    void eachMapperKeepsItsOwnSettings() throws Exception {
        ObjectMapper indenting = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        assertThat(json(indenting, Map.of("k", "v"))).isEqualTo(indenting.writeValueAsString(Map.of("k", "v")));
        assertThat(json(MAPPER, Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}");
        assertThat(json(indenting, List.of(1))).isEqualTo(indenting.writeValueAsString(List.of(1)));
    }

    @Test
    void theSameAsWriteValueAsBytesForEveryKindOfValue() throws Exception {
        Object[] values = {new Book("ü €", -1), Map.of("nested", Map.of("list", List.of(true, 1.5))), "\u0000\n\"", 42L};
        for (Object value : values) {
            assertThat(JsonBodies.write(MAPPER, value)).isEqualTo(MAPPER.writeValueAsBytes(value));
        }
    }
}
