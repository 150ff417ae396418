package io.shallot.examples.contents;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.FindOptions;
import io.shallot.mvc.data.Model;
import io.shallot.mvc.data.Mongo;
import java.util.List;
import org.bson.Document;

/** The {@code user} collection: {@code {id, name, avatar, desc}}, ids are integers. */
public final class UserModel extends Model {
    static final String COLLECTION = "user";

    public UserModel(Mongo mongo) {
        super(mongo);
    }

    /** The users whose ids are listed; unknown ids are simply absent. */
    public Promise<List<Document>> findByIds(List<Integer> ids) {
        return collection(COLLECTION).find(Filters.in("id", ids),
                FindOptions.DEFAULT.withProjection(Projections.excludeId()));
    }
}
