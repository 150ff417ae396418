package io.shallot.mvc.data;

import io.shallot.loop.Promise;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/** A model as an application writes one: the document's user collection. */
final class UserModel extends Model {
    UserModel(Mongo mongo) {
        super(mongo);
    }

    Collection users() {
        return collection("user");
    }

    Promise<List<Document>> byIds(List<String> ids) {
        Bson filter = new Document("id", new Document("$in", ids));
        return users().find(filter, FindOptions.DEFAULT.withSort(new Document("id", 1)));
    }
}
