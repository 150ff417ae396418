package io.shallot.examples.contents;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.IndexOptions;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Model;
import io.shallot.mvc.data.Mongo;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * First-start data: users 1001..1100 and 1,000 contents written by them, with unique indexes on
 * {@code id}. Runs only when the collections are empty, so restarts keep what is there.
 */
public final class Seeder extends Model {
    public static final int FIRST_USER = 1001;
    public static final int USERS = 100;
    public static final int CONTENTS = 1000;
    /** Every 50th content names a user who does not exist, so {@code user_info: {}} is seen. */
    public static final int UNKNOWN_USER = 9999;

    public Seeder(Mongo mongo) {
        super(mongo);
    }

    /** Fulfils with true when it seeded, false when data was already there. */
    public Promise<Boolean> seedIfEmpty() {
        return collection(UserModel.COLLECTION).count(new Document()).compose(count -> {
            if (count > 0) {
                return Promise.resolve(false);
            }
            return collection(UserModel.COLLECTION).createIndex(Indexes.ascending("id"), new IndexOptions().unique(true))
                    .compose(i -> collection(ContentModel.COLLECTION).createIndex(Indexes.ascending("id"), new IndexOptions().unique(true)))
                    .compose(i -> collection(UserModel.COLLECTION).insertMany(users()))
                    .compose(r -> collection(ContentModel.COLLECTION).insertMany(contents()))
                    .then(r -> true);
        });
    }

    static List<Document> users() {
        List<Document> users = new ArrayList<>(USERS);
        for (int id = FIRST_USER; id < FIRST_USER + USERS; id++) {
            users.add(new Document("id", id)
                    .append("name", "user" + id)
                    .append("avatar", "https://img.example/avatar/" + id + ".png")
                    .append("desc", "writer number " + (id - FIRST_USER + 1)));
        }
        return users;
    }

    static List<Document> contents() {
        List<Document> contents = new ArrayList<>(CONTENTS);
        for (int id = 1; id <= CONTENTS; id++) {
            contents.add(new Document("id", id)
                    .append("title", "content " + id)
                    .append("content", "the text of content " + id)
                    .append("user_id", id % 50 == 0 ? UNKNOWN_USER : FIRST_USER + (id * 7) % USERS)
                    .append("created_at", 1_700_000_000L + id * 60L));
        }
        return contents;
    }
}
