package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.platform.config.internal.Merge;
import org.junit.jupiter.api.Test;

class MergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String merge(String base, String... patches) throws Exception {
        ObjectNode target = (ObjectNode) json(base);
        for (String patch : patches) {
            Merge.apply(target, json(patch));
        }
        return target.toString();
    }

    @Test
    void objectsMergeRecursivelyAndOtherValuesReplace() throws Exception {
        assertThat(merge("{\"a\":1,\"feed\":{\"size\":20,\"ads\":{\"on\":true,\"every\":5}},\"tags\":[1,2]}",
                "{\"feed\":{\"ads\":{\"every\":8}},\"tags\":[3],\"b\":\"x\"}"))
                .isEqualTo("{\"a\":1,\"feed\":{\"size\":20,\"ads\":{\"on\":true,\"every\":8}},\"tags\":[3],\"b\":\"x\"}");
        assertThat(merge("{\"a\":{\"b\":1}}", "{\"a\":2}")).isEqualTo("{\"a\":2}");
        assertThat(merge("{\"a\":2}", "{\"a\":{\"b\":1}}")).isEqualTo("{\"a\":{\"b\":1}}");
        assertThat(merge("{\"a\":[{\"b\":1}]}", "{\"a\":[{\"c\":1}]}")).as("arrays replace, never merge").isEqualTo("{\"a\":[{\"c\":1}]}");
    }

    @Test
    void nullRemovesTheKeyAtAnyDepth() throws Exception {
        assertThat(merge("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}", "{\"a\":null,\"b\":{\"d\":null}}")).isEqualTo("{\"b\":{\"c\":2}}");
        assertThat(merge("{}", "{\"gone\":null,\"new\":{\"x\":null,\"y\":1}}")).isEqualTo("{\"new\":{\"y\":1}}");
        assertThat(merge("{\"a\":1}", "{\"a\":null}", "{\"a\":3}")).as("a later rule may add it back").isEqualTo("{\"a\":3}");
    }

    @Test
    void laterPatchesWinAndThePatchesStayUntouched() throws Exception {
        JsonNode patch = json("{\"o\":{\"k\":[1]}}");
        ObjectNode target = Merge.apply(JSON.createObjectNode(), patch);
        ((ObjectNode) target.get("o")).put("k", 2);
        assertThat(patch.toString()).isEqualTo("{\"o\":{\"k\":[1]}}");
        assertThat(merge("{}", "{\"c\":\"red\"}", "{\"c\":\"blue\"}", "{\"c\":\"green\"}")).isEqualTo("{\"c\":\"green\"}");
    }
}
