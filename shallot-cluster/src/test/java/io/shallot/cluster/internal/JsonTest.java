package io.shallot.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void parsesEveryKindOfValueIntoJdkTypes() throws IOException {
        Object v = Json.parse(" {\"s\":\"x\",\"i\":42,\"n\":-7,\"d\":1.5,\"e\":2E3,\"t\":true,\"f\":false,\"z\":null,"
                + "\"a\":[1,[],{}],\"o\":{\"k\":\"v\"}} ");
        assertThat(v).isInstanceOf(LinkedHashMap.class);
        Map<String, Object> m = Json.object(v);
        assertThat(m.keySet()).containsExactly("s", "i", "n", "d", "e", "t", "f", "z", "a", "o");
        assertThat(m.get("s")).isEqualTo("x");
        assertThat(m.get("i")).isEqualTo(42L);
        assertThat(m.get("n")).isEqualTo(-7L);
        assertThat(m.get("d")).isEqualTo(1.5);
        assertThat(m.get("e")).isEqualTo(2000.0);
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m.get("f")).isEqualTo(false);
        assertThat(m).containsEntry("z", null);
        assertThat(m.get("a")).isEqualTo(List.of(1L, List.of(), Map.of()));
        assertThat(m.get("o")).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void writesCompactlyInOrderLikeJackson() throws Exception {
        Map<String, Object> m = Json.fields("id", 3, "name", "web", "cpu", 12.5, "zero", 0.0, "pid", 123456789012L,
                "spare", true, "jar", null, "codes", Set.of(143), "args", List.of("-a", "b"), "env", Map.of());
        String json = Json.write(m);
        assertThat(json).isEqualTo("{\"id\":3,\"name\":\"web\",\"cpu\":12.5,\"zero\":0.0,\"pid\":123456789012,\"spare\":true,"
                + "\"jar\":null,\"codes\":[143],\"args\":[\"-a\",\"b\"],\"env\":{}}");
        assertThat(json).isEqualTo(JACKSON.writeValueAsString(m));
    }

    @Test
    void roundTripsWhatItWrites() throws IOException {
        Map<String, Object> m = Json.fields("text", "quote \" backslash \\ slash / tab \t nl \n cr \r bell \u0007 del \u007f",
                "unicode", "中文 é 😀", "max", Long.MAX_VALUE, "min", Long.MIN_VALUE, "big", new BigInteger("123456789012345678901234567890"),
                "double", 1.0E-7, "list", Arrays.asList(1L, null, "x", List.of(Map.of("k", false))));
        assertThat(Json.parse(Json.write(m))).isEqualTo(m);
        assertThat(Json.parse(Json.bytes(m))).isEqualTo(m);
        assertThat(Json.parse(Json.writePretty(m))).isEqualTo(m);
    }

    @Test
    void escapesStringsAsJacksonDoes() throws Exception {
        String s = "\"\\\b\f\n\r\t\u0000\u001f/é中😀\u2028";
        assertThat(Json.write(s)).isEqualTo("\"\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001F/é中😀\u2028\"");
        assertThat(Json.write(s)).isEqualTo(JACKSON.writeValueAsString(s));
        assertThat(JACKSON.readValue(Json.write(s), String.class)).isEqualTo(s);
    }

    @Test
    void escapesLoneSurrogatesSoTheUtf8IsValid() throws IOException {
        String lone = "a\ud800b\udc00";
        String json = Json.write(lone);
        assertThat(json).isEqualTo("\"a\\uD800b\\uDC00\"");
        assertThat(Json.parse(json)).isEqualTo(lone);
    }

    @Test
    void decodesUnicodeEscapesAndSurrogatePairs() throws IOException {
        assertThat(Json.parse("\"\\u00e9\\u4E2D\\ud83d\\ude00\\/\"")).isEqualTo("é中😀/");
        assertThat(Json.parse("\"\\uD83D\\uDE00\"")).isEqualTo("😀");
        assertThat(Json.parse("\"😀\"".getBytes(StandardCharsets.UTF_8))).isEqualTo("😀");
    }

    @Test
    void readsNumbersIntoTheNarrowestFittingType() throws IOException {
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("-0")).isEqualTo(0L);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(Json.parse("0.1")).isEqualTo(0.1);
        assertThat(Json.parse("-1.25e-2")).isEqualTo(-0.0125);
        assertThat(Json.parse("1E+2")).isEqualTo(100.0);
        assertThat(Json.parse("1e400")).isEqualTo(new BigDecimal("1e400"));
    }

    @Test
    void rejectsWhatJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Json.write(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> Json.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys are strings");
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Json.write(cycle)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    }

    @Test
    void namesTheOffsetAndWhatWasExpected() {
        assertMalformed("", "offset 0: expected a value, found the end of the input");
        assertMalformed("   ", "offset 3: expected a value");
        assertMalformed("{\"a\":1,}", "offset 7: expected a string key, found '}'");
        assertMalformed("{\"a\" 1}", "offset 5: expected ':', found '1'");
        assertMalformed("{\"a\":1 \"b\":2}", "offset 7: expected ',' or '}'");
        assertMalformed("[1 2]", "offset 3: expected ',' or ']'");
        assertMalformed("[1,]", "offset 3: expected a value, found ']'");
        assertMalformed("{\"a\":1", "offset 6: expected ',' or '}', found the end of the input");
        assertMalformed("\"abc", "expected '\"' to close the string that starts at 0");
        assertMalformed("\"a\nb\"", "offset 2: expected no control character (U+000A) unescaped");
        assertMalformed("\"\\x\"", "offset 2: expected an escape");
        assertMalformed("\"\\u12x4\"", "offset 5: expected a hex digit in a \\u escape, found 'x'");
        assertMalformed("\"\\u12", "expected four hex digits after \\u");
        assertMalformed("tru", "expected a value ('true'?)");
        assertMalformed("nul", "expected a value ('null'?)");
        assertMalformed("NaN", "offset 0: expected a value, found 'N'");
        assertMalformed("01", "offset 1: expected the end after the value, found '1'");
        assertMalformed("-", "offset 1: expected a digit");
        assertMalformed("1.", "offset 2: expected a digit after the decimal point");
        assertMalformed("1e", "offset 2: expected a digit in the exponent");
        assertMalformed("+1", "offset 0: expected a value, found '+'");
        assertMalformed("{} {}", "offset 3: expected the end after the value");
        assertMalformed("{\"a\":1,\"a\":2}", "offset 7: the key 'a' appears twice");
        assertMalformed("'a'", "expected a value, found '''");
        assertMalformed("😀", "found '😀'");
    }

    @Test
    void rejectsInvalidUtf8() {
        assertThatThrownBy(() -> Json.parse(new byte[] {'"', (byte) 0xC3, '"'})).isInstanceOf(IOException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void boundsNestingAndNumberLength() throws IOException {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
        assertMalformed("[".repeat(Json.MAX_DEPTH + 1), "offset " + Json.MAX_DEPTH + ": expected at most 64 levels of nesting");
        assertMalformed("{\"a\":".repeat(100_000), "levels of nesting");
        assertMalformed("1".repeat(Json.MAX_NUMBER_LENGTH + 1), "offset 0: expected a number of at most 1000 characters");
        assertThat(Json.parse("1".repeat(Json.MAX_NUMBER_LENGTH))).isInstanceOf(BigInteger.class);
    }

    @Test
    void readsMembersLeniently() throws IOException {
        Map<String, Object> m = Json.object(Json.parse("{\"type\":\"stats\",\"rps\":12.5,\"open\":3,\"bad\":\"x\",\"obj\":{}}"));
        assertThat(Json.text(m, "type")).isEqualTo("stats");
        assertThat(Json.text(m, "open")).isEqualTo("3");
        assertThat(Json.text(m, "missing")).isEmpty();
        assertThat(Json.text(m, "obj")).isEmpty();
        assertThat(Json.doubleValue(m, "rps", 0)).isEqualTo(12.5);
        assertThat(Json.longValue(m, "open", 0)).isEqualTo(3);
        assertThat(Json.longValue(m, "bad", -1)).isEqualTo(-1);
        assertThat(Json.doubleValue(m, "missing", 7)).isEqualTo(7);
        assertThatThrownBy(() -> Json.object(List.of())).isInstanceOf(IOException.class).hasMessage("expected a JSON object, got an array");
        assertThatThrownBy(() -> Json.objects(List.of(Map.of(), "x"))).isInstanceOf(IOException.class)
                .hasMessage("expected a JSON object, got a string");
    }

    @Test
    void readsWhatTheWorkerAgentWrites() throws Exception {
        var agent = JACKSON.createObjectNode().put("type", "stats").put("requests", 10L).put("rps", 3.3333333333333335)
                .put("received", 2L).put("open", 1).put("delay_ms", 0.0);
        Map<String, Object> m = Json.object(Json.parse(JACKSON.writeValueAsBytes(agent)));
        assertThat(m).containsExactly(Map.entry("type", "stats"), Map.entry("requests", 10L), Map.entry("rps", 3.3333333333333335),
                Map.entry("received", 2L), Map.entry("open", 1L), Map.entry("delay_ms", 0.0));
        assertThat(Json.write(m)).isEqualTo(agent.toString());
    }

    private static void assertMalformed(String json, String message) {
        assertThatThrownBy(() -> Json.parse(json)).isInstanceOf(IOException.class).hasMessageContaining(message);
    }
}
