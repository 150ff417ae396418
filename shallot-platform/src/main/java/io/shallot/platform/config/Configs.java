package io.shallot.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Collect;
import io.shallot.mvc.data.Collection;
import io.shallot.mvc.data.Mongo;
import io.shallot.platform.config.internal.Attributes;
import io.shallot.platform.config.internal.ConfigStore;
import io.shallot.platform.config.internal.Packages;
import io.shallot.platform.config.internal.Resolution;
import io.shallot.platform.config.internal.RuleBody;
import io.shallot.platform.config.internal.RuleDocs;
import io.shallot.platform.internal.Publishers;
import io.shallot.web.HttpException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Config delivery (前端配置系统): named configs whose rules give each client a JSON config, and
 * perhaps a file package, by its version, device, region and language, and by its subject for rules
 * rolled out to a share of clients (see {@link ConfigRule} for matching, {@link Rollout} for gray
 * releases and {@link ResolvedConfig} for the answer). Rules live in MongoDB's {@code config_rules}.
 *
 * <p>Resolution: the enabled rules of the name that match the client, ordered by specificity
 * (how many attributes a rule constrains, a rollout counting as one), then priority, then
 * {@code updatedAt}, all ascending; their values deep-merged in that order, later winning (objects
 * merge, other values replace, {@code null} removes a key); the package of the last of them that
 * has one. None match: 404.
 *
 * <p>Caching: the rules of a name are read from MongoDB at most once per {@code cacheTtl} in this
 * process, however many clients ask at once (they share the one read). This instance's own admin
 * writes drop its cached rules at once; another instance's writes show here within {@code cacheTtl}.
 * The answers of up to 1,000 (config, client profile) pairs are kept for as long
 * as the rules they came from. The subject is not part of that key, only which of the rules with a
 * rollout reach it: the clients of one profile, however many, share at most 2^(rollout rules) answers.
 *
 * <p>Bounds: {@value #MAX_RULES_PER_CONFIG} rules per config and {@value #MAX_RULES} in all (409
 * beyond; concurrent creates may pass them by a few), packages up to {@value #MAX_PACKAGE_BYTES}
 * bytes (413), one package per rule, dropped with the rule or when replaced.
 *
 * <p>Errors are {@link HttpException}s (400 a bad name, id or field, naming it; 404 an unknown rule;
 * 412 a stale revision; 409 a full config) or a {@code DataException} (500) when MongoDB fails;
 * a refused call writes nothing, and refuses through its promise, never by throwing.
 * Thread-safe; call it on a loop thread, where its promises settle.
 */
public final class Configs {
    public static final int MAX_RULES_PER_CONFIG = 100;
    public static final int MAX_RULES = 10_000;
    public static final int MAX_PACKAGE_BYTES = 8 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(Configs.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[\\w!#$&^.+-]{1,64}/[\\w!#$&^.+-]{1,64}(\\s*;[\\x20-\\x7e]{0,128})?");
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final int MAX_ANSWERS = 1_000;

    private final Collection rules;
    private final Packages packages;
    private final Clock clock;
    private final AsyncCache<String, List<ConfigRule>> cache;
    private final Cache<Answer, Memo> answers;
    private final AtomicLong ruleReads = new AtomicLong();

    public Configs(Mongo mongo, Clock clock, Duration cacheTtl) {
        ConfigStore store = new ConfigStore(mongo);
        this.rules = store.rules();
        this.packages = new Packages(store);
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).buildAsync();
        // the merge and its SHA-256 per request are most of a request's cost; clients share a few profiles
        this.answers = Caffeine.newBuilder().maximumSize(MAX_ANSWERS).build();
        index(rules, Indexes.ascending("name"));
        index(store.packages(), Indexes.ascending("sha256", "config"));
        index(store.chunks(), Indexes.ascending("pkg", "n"));
    }

    /** What the client with {@code profile} gets of config {@code name}; 404 when no rule matches it. */
    public Promise<ResolvedConfig> resolve(String name, ClientProfile profile) {
        return Promise.attempt(() -> {
            Attributes.configName(name);
            ClientProfile client = profile == null ? ClientProfile.UNKNOWN : profile;
            return Promise.from(Loop.current(), cache.get(name, (key, executor) -> read(key)))
                    .then(found -> resolved(name, found, client));
        });
    }

    /** Every rule of config {@code name}, fresh from MongoDB, in precedence order (empty when it has none). */
    public Promise<List<ConfigRule>> list(String name) {
        return Promise.attempt(() -> {
            Attributes.configName(name);
            return Promise.from(Loop.current(), read(name));
        });
    }

    /** Adds a rule from an operator's JSON body (see {@link RuleBody}); it starts at revision 1. */
    public Promise<ConfigRule> create(String name, JsonNode ruleBody) {
        return Promise.attempt(() -> {
            Attributes.configName(name);
            String id = new ObjectId().toHexString();
            RuleBody body = RuleBody.parse(ruleBody, id);
            return rules.count(Filters.eq("name", name)).compose(inConfig -> {
                if (inConfig >= MAX_RULES_PER_CONFIG) {
                    throw new HttpException(409, "config " + name + " has " + MAX_RULES_PER_CONFIG + " rules, the most it may have");
                }
                return rules.count(null);
            }).compose(total -> {
                if (total >= MAX_RULES) {
                    throw new HttpException(409, "there are " + MAX_RULES + " rules, the most the service keeps");
                }
                Document doc = new Document("_id", id).append("name", name)
                        .append("revision", 1L).append("updatedAt", clock.millis());
                doc.putAll(RuleDocs.fields(body));
                return rules.insertOne(doc).then(done -> changed(name, RuleDocs.rule(doc)));
            });
        });
    }

    /**
     * Replaces the rule's writable fields (its package stays). With {@code expectedRevision}, only
     * while the rule is still at that revision: 412 when it has moved on.
     */
    public Promise<ConfigRule> replace(String name, String id, JsonNode ruleBody, Long expectedRevision) {
        return Promise.attempt(() -> {
            Attributes.configName(name);
            Attributes.ruleId(id);
            RuleBody body = RuleBody.parse(ruleBody, id);
            Bson filter = expectedRevision == null ? ruleFilter(name, id)
                    : Filters.and(ruleFilter(name, id), Filters.eq("revision", expectedRevision));
            List<Bson> sets = new ArrayList<>();
            RuleDocs.fields(body).forEach((field, value) -> sets.add(Updates.set(field, value)));
            sets.add(Updates.set("updatedAt", clock.millis()));
            sets.add(Updates.inc("revision", 1L));
            return findOneAndUpdate(filter, Updates.combine(sets), ReturnDocument.AFTER).<ConfigRule>compose(updated -> {
                if (updated != null) {
                    return Promise.resolve(changed(name, RuleDocs.rule(updated)));
                }
                return rules.findOne(ruleFilter(name, id)).<ConfigRule>then(current -> {
                    if (current.isEmpty()) {
                        throw missing(name, id);
                    }
                    throw new HttpException(412, "rule " + id + " is at revision " + current.get().get("revision")
                            + ", not " + expectedRevision + "; read it again");
                });
            });
        });
    }

    /** Deletes the rule and its package; 404 when there is no such rule. */
    public Promise<ConfigRule> delete(String name, String id) {
        return Promise.attempt(() -> {
            Attributes.configName(name);
            Attributes.ruleId(id);
            return Collect.from(rules.raw().findOneAndDelete(ruleFilter(name, id)), "findOneAndDelete on " + rules.namespace(),
                    Configs::first).compose(deleted -> {
                        if (deleted == null) {
                            throw missing(name, id);
                        }
                        ConfigRule rule = changed(name, RuleDocs.rule(deleted));
                        return dropPackage(rule.id(), rule.filePackage(), null).then(done -> rule);
                    });
        });
    }

    /**
     * Gives the rule a file package (up to {@value #MAX_PACKAGE_BYTES} bytes, else 413), replacing
     * any it had; the content type defaults to {@code application/octet-stream}. The same bytes
     * already stored with another content type are a 409: their URL must keep meaning one thing.
     */
    public Promise<ConfigRule> putPackage(String name, String id, byte[] bytes, String contentType) {
        return Promise.attempt(() -> {
            Attributes.configName(name);
            Attributes.ruleId(id);
            if (bytes == null || bytes.length == 0) {
                throw new HttpException(400, "the package is empty; send its bytes as the body");
            }
            if (bytes.length > MAX_PACKAGE_BYTES) {
                throw new HttpException(413, "a package may have at most " + MAX_PACKAGE_BYTES + " bytes");
            }
            String type = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType.trim();
            if (!CONTENT_TYPE.matcher(type).matches()) {
                throw new HttpException(400, "Content-Type must be a media type such as application/zip");
            }
            // hashing 8 MiB takes long enough to stall every other request on the loop
            return Loop.current().offload(() -> HexFormat.of().formatHex(Resolution.sha256().digest(bytes)))
                    .compose(sha256 -> storePackage(name, id, bytes, new ConfigPackage(sha256, bytes.length, type)));
        });
    }

    /** Stores the rule's copy of the package, points the rule at it, then drops the copy it pointed at before. */
    private Promise<ConfigRule> storePackage(String name, String id, byte[] bytes, ConfigPackage pkg) {
        return rules.findOne(ruleFilter(name, id)).compose(found -> {
            if (found.isEmpty()) {
                throw missing(name, id);
            }
            return packages.conflictingType(pkg.sha256(), pkg.contentType());
        }).compose(conflict -> {
            if (conflict != null) {
                throw new HttpException(409, "these bytes are stored already as " + conflict + "; upload them as that");
            }
            return packages.store(name, id, pkg, bytes);
        }).compose(stored -> findOneAndUpdate(ruleFilter(name, id), Updates.combine(
                Updates.set("package", RuleDocs.packageDoc(pkg)), Updates.set("updatedAt", clock.millis()),
                Updates.inc("revision", 1L)), ReturnDocument.BEFORE)).<ConfigRule>compose(before -> {
                    if (before == null) {
                        // deleted meanwhile: its delete could not see this copy, so drop it here
                        return packages.remove(id, pkg.sha256()).<ConfigRule>then(done -> {
                            throw missing(name, id);
                        });
                    }
                    ConfigPackage old = RuleDocs.rule(before).filePackage();
                    return dropPackage(id, old, pkg).compose(done -> rules.findOne(ruleFilter(name, id)))
                            .then(after -> changed(name, RuleDocs.rule(after.orElseThrow(() -> missing(name, id)))));
                });
    }

    /** A package's bytes and content type by its SHA-256; 404 when no rule of {@code name} has it. */
    public Promise<PackageBytes> packageBytes(String name, String sha256) {
        return Promise.attempt(() -> {
            Attributes.configName(name);
            if (sha256 == null || !SHA256.matcher(sha256).matches()) {
                throw new HttpException(404, "no package with that id; it is 64 lower-case hex digits");
            }
            return packages.read(name, sha256).then(stored -> {
                if (stored == null) {
                    throw new HttpException(404, "no package " + sha256);
                }
                return stored;
            });
        });
    }

    /** How many times this instance has read a config's rules from MongoDB: tests see the cache work. */
    long ruleReads() {
        return ruleReads.get();
    }

    private CompletableFuture<List<ConfigRule>> read(String name) {
        ruleReads.incrementAndGet();
        return Publishers.collect(rules.raw().find(Filters.eq("name", name)).limit(MAX_RULES_PER_CONFIG * 2),
                "find on " + rules.namespace()).thenApply(docs -> docs.stream().map(RuleDocs::rule).sorted(Resolution.PRECEDENCE).toList());
    }

    /** How many answers this instance keeps: tests see the memo stay bounded. */
    long answersKept() {
        answers.cleanUp();
        return answers.estimatedSize();
    }

    /**
     * The answer for {@code client} from these rules, computed once per rules read: a memo made from
     * an older read of the rules is not used, so it is never staler than the rules themselves.
     */
    private ResolvedConfig resolved(String name, List<ConfigRule> found, ClientProfile client) {
        Answer key = new Answer(name, client.version(), client.device(), client.region(), client.language(),
                reaching(found, client.subject()));
        Memo memo = answers.getIfPresent(key);
        if (memo != null && memo.rules() == found) {
            return memo.config();
        }
        ResolvedConfig config = Resolution.resolve(name, found, client);
        answers.put(key, new Memo(found, config));
        return config;
    }

    /**
     * The positions in {@code found} of the enabled rules whose rollout reaches {@code subject}, or
     * null when none does (most configs have no rollout: nothing is allocated for them): with the
     * profile, all that decides the answer, and the same bits name the same rules as long as the memo
     * is used, since it is used only with the list it was made from.
     */
    private static BitSet reaching(List<ConfigRule> found, String subject) {
        BitSet reached = null;
        for (int i = 0; i < found.size(); i++) {
            ConfigRule rule = found.get(i);
            if (rule.enabled() && rule.rollout() != null && rule.rollout().admits(subject)) {
                if (reached == null) {
                    reached = new BitSet(found.size());
                }
                reached.set(i);
            }
        }
        return reached;
    }

    /** The memo's key: the profile without its subject, which only the rollouts it falls in stand for. */
    private record Answer(String name, Version version, String device, String region, String language, BitSet rollouts) {
    }

    private record Memo(List<ConfigRule> rules, ResolvedConfig config) {
    }

    /** Drops this instance's cached rules of {@code name}: its next reader reads what was just written. */
    private ConfigRule changed(String name, ConfigRule rule) {
        cache.synchronous().invalidate(name);
        return rule;
    }

    private Promise<Void> dropPackage(String ruleId, ConfigPackage old, ConfigPackage kept) {
        if (old == null || kept != null && old.sha256().equals(kept.sha256())) {
            return Promise.resolve(null);
        }
        return packages.remove(ruleId, old.sha256());
    }

    private Promise<Document> findOneAndUpdate(Bson filter, Bson update, ReturnDocument returned) {
        return Collect.from(rules.raw().findOneAndUpdate(filter, update, new FindOneAndUpdateOptions().returnDocument(returned)),
                "findOneAndUpdate on " + rules.namespace(), Configs::first);
    }

    private static Bson ruleFilter(String name, String id) {
        return Filters.and(Filters.eq("_id", id), Filters.eq("name", name));
    }

    private static HttpException missing(String name, String id) {
        return new HttpException(404, "config " + name + " has no rule " + id);
    }

    private static Document first(List<Document> docs) {
        return docs.isEmpty() ? null : docs.getFirst();
    }

    private static void index(Collection collection, Bson keys) {
        Publishers.collect(collection.raw().createIndex(keys, new IndexOptions()), "createIndex on " + collection.namespace())
                .whenComplete((done, error) -> {
                    if (error != null) {
                        LOG.warn("could not index {} ({}); queries still work, more slowly", collection.namespace(), error.getCause());
                    }
                });
    }
}
