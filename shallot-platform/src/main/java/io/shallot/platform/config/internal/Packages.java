package io.shallot.platform.config.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Collect;
import io.shallot.mvc.data.Collection;
import io.shallot.platform.config.ConfigPackage;
import io.shallot.platform.config.PackageBytes;
import io.shallot.platform.internal.Publishers;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * File packages in MongoDB. Each rule owns its own copy, under the key {@code <ruleId>:<sha256>}:
 * a description in {@code config_packages} ({@code _id} the key, {@code sha256}, {@code config}, {@code size},
 * {@code contentType}, {@code chunks}) and the bytes in {@code config_package_chunks}, 1 MiB per
 * document ({@code pkg} the key, {@code n}, {@code data}). Owning its copy lets a rule drop its old
 * package the moment it no longer points at it, with no reference counting across rules to race.
 * The description is written after the chunks and deleted before them, and a read checks that the
 * chunks add up, so a package half written or half deleted is never served.
 *
 * <p>Bytes are immutable under their SHA-256, so this process keeps recent downloads (up to 64 MiB,
 * 10 minutes); a deleted package may be served from there until then, as any CDN would.
 */
public final class Packages {
    public static final int CHUNK_BYTES = 1 << 20;
    private final Collection descriptions;
    private final Collection chunks;
    private final AsyncCache<String, PackageBytes> recent = Caffeine.newBuilder()
            .maximumWeight(64L << 20)
            .weigher((String key, PackageBytes stored) -> stored.bytes().length)
            .expireAfterWrite(Duration.ofMinutes(10))
            .buildAsync();

    public Packages(ConfigStore store) {
        this.descriptions = store.packages();
        this.chunks = store.chunks();
    }

    /** Writes the rule's copy of the package; writing the same again is harmless. */
    public Promise<Void> store(String config, String ruleId, ConfigPackage pkg, byte[] bytes) {
        String key = key(ruleId, pkg.sha256());
        int count = Math.max(1, (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        List<Promise<Void>> writes = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            byte[] slice = Arrays.copyOfRange(bytes, n * CHUNK_BYTES, Math.min(bytes.length, (n + 1) * CHUNK_BYTES));
            Document chunk = new Document("_id", key + ":" + n).append("pkg", key).append("n", n).append("data", new Binary(slice));
            writes.add(upsert(chunks, chunk));
        }
        Document description = new Document("_id", key).append("sha256", pkg.sha256()).append("config", config).append("size", pkg.size())
                .append("contentType", pkg.contentType()).append("chunks", count);
        return Promise.all(writes).compose(done -> upsert(descriptions, description)).then(done -> null);
    }

    /** Deletes the rule's copy of the package with that SHA-256, if any. */
    public Promise<Void> remove(String ruleId, String sha256) {
        String key = key(ruleId, sha256);
        return descriptions.deleteMany(Filters.eq("_id", key))
                .compose(done -> chunks.deleteMany(Filters.eq("pkg", key)))
                .then(done -> null);
    }

    /** The content type another rule's copy of these bytes was stored with, when it differs from {@code contentType}. */
    public Promise<String> conflictingType(String sha256, String contentType) {
        return descriptions.findOne(Filters.and(Filters.eq("sha256", sha256), Filters.ne("contentType", contentType)))
                .then(found -> found.map(doc -> doc.getString("contentType")).orElse(null));
    }

    /** The bytes with that SHA-256 of a rule of {@code config}, or null when none has them. */
    public Promise<PackageBytes> read(String config, String sha256) {
        return Promise.from(Loop.current(), recent.get(config + "/" + sha256, (key, executor) -> load(config, sha256)));
    }

    private CompletableFuture<PackageBytes> load(String config, String sha256) {
        return Publishers.collect(descriptions.raw().find(Filters.and(Filters.eq("sha256", sha256), Filters.eq("config", config))).sort(Sorts.ascending("_id")).limit(1),
                "find on config_packages").thenCompose(found -> {
                    if (found.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    Document description = found.getFirst();
                    return Publishers.collect(chunks.raw().find(Filters.eq("pkg", description.getString("_id"))).sort(Sorts.ascending("n")),
                            "find on config_package_chunks").thenApply(parts -> assemble(description, parts));
                });
    }

    /** The bytes, or null when the chunks do not add up (the package is being deleted). */
    private static PackageBytes assemble(Document description, List<Document> parts) {
        long size = ((Number) description.get("size")).longValue();
        if (parts.size() != description.getInteger("chunks")) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) size);
        for (Document part : parts) {
            bytes.writeBytes(part.get("data", Binary.class).getData());
        }
        return bytes.size() == size
                ? new PackageBytes(description.getString("sha256"), description.getString("contentType"), bytes.toByteArray()) : null;
    }

    private static Promise<Void> upsert(Collection collection, Document doc) {
        return Collect.from(collection.raw().replaceOne(Filters.eq("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true)),
                "replaceOne on " + collection.namespace(), results -> null);
    }

    private static String key(String ruleId, String sha256) {
        return ruleId + ":" + sha256;
    }
}
