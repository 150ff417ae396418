package io.shallot.examples.contents;

import com.mongodb.client.model.Projections;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.FindOptions;
import io.shallot.mvc.data.Model;
import io.shallot.mvc.data.Mongo;
import java.util.List;
import org.bson.Document;

/** The {@code content} collection: {@code {id, title, content, user_id, created_at}}. */
public final class ContentModel extends Model {
    static final String COLLECTION = "content";

    public ContentModel(Mongo mongo) {
        super(mongo);
    }

    /**
     * Page {@code page} (from 1) of {@code size} contents in the collection's natural order, as the
     * document's {@code find({}, {limit: 10})}: no sort, so no scan of the whole collection.
     */
    public Promise<List<Document>> page(int page, int size) {
        return collection(COLLECTION).find(new Document(), FindOptions.DEFAULT
                .withSkip((page - 1) * size)
                .withLimit(size)
                .withProjection(Projections.excludeId()));
    }
}
