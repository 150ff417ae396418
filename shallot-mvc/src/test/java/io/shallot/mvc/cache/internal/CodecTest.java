package io.shallot.mvc.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class CodecTest {
    record Item(String id, int count) {
    }

    @Test
    void writesRecordsAsJsonAndReadsThemBackIgnoringUnknownProperties() {
        Codec<Item> codec = Codec.of(Item.class);

        assertThat(codec.encode(new Entry<>(new Item("a", 2)))).isEqualTo("{\"id\":\"a\",\"count\":2}");
        assertThat(codec.decode("{\"id\":\"a\",\"count\":2,\"newer\":true}").value()).isEqualTo(new Item("a", 2));
    }

    @Test
    void notFoundIsJsonNull() {
        Codec<Item> codec = Codec.of(Item.class);

        assertThat(codec.encode(Entry.missing())).isEqualTo("null");
        assertThat(codec.decode("null").found()).isFalse();
    }

    @Test
    void genericTypesUseATypeReference() {
        Codec<List<Item>> codec = Codec.of(new TypeReference<List<Item>>() { });

        assertThat(codec.decode("[{\"id\":\"a\",\"count\":1}]").value()).containsExactly(new Item("a", 1));
    }

    @Test
    void bsonDocumentsKeepObjectIdsThroughExtendedJson() {
        Codec<Document> codec = Codec.of(Document.class);
        Document user = new Document("_id", new ObjectId()).append("id", "1001").append("name", "n");

        assertThat(codec.decode(codec.encode(new Entry<>(user))).value()).isEqualTo(user);
    }

    @Test
    void unreadableJsonIsReportedAsIllegalArgument() {
        assertThatThrownBy(() -> Codec.of(Item.class).decode("{\"count\":\"many\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cached JSON is not a io.shallot.mvc.cache.internal.CodecTest$Item");
    }
}
