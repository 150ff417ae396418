package io.shallot.platform.config;

import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.HttpException;
import io.shallot.web.body.Inputs;
import io.shallot.web.router.Router;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API of {@link Configs}; answers are the envelope {@code {"ret": 0, "message": "success",
 * "data": ...}}, errors the envelope with the status {@link Configs} documents.
 *
 * <table>
 *   <caption>Client routes</caption>
 *   <tr><td>{@code GET /v1/configs/:name}</td><td>the config for the calling client, stated by the
 *       query ({@code version}, {@code device}, {@code region}, {@code lang}, {@code deviceId}) or else
 *       the headers ({@code X-App-Version}, {@code X-Device}, {@code X-Region}, {@code Accept-Language},
 *       {@code X-Device-Id}), its subject for rollouts being the user the gateway vouches for
 *       ({@code X-Shallot-User}) before any device id (see {@link ClientProfile#of}) →
 *       {@code {name, etag, config, package?: {sha256, size, contentType, url}}} with {@code ETag},
 *       {@code Cache-Control: private, max-age=60} and {@code Vary} on the headers read;
 *       {@code If-None-Match} with the current ETag → 304, no body</td></tr>
 *   <tr><td>{@code GET /v1/configs/:name/packages/:sha256}</td><td>the package's bytes with its
 *       content type, {@code ETag} and {@code Cache-Control: public, max-age=31536000, immutable}</td></tr>
 * </table>
 * <table>
 *   <caption>Admin routes (the gateway must guard them)</caption>
 *   <tr><td>{@code GET /v1/admin/configs/:name/rules}</td><td>{@code {name, rules: [rule]}}, in precedence order</td></tr>
 *   <tr><td>{@code POST /v1/admin/configs/:name/rules}</td><td>a rule body (see {@code RuleBody}:
 *       {@code minVersion, maxVersion, devices, regions, languages, rollout, priority, enabled, value},
 *       {@code rollout} null or {@code {percent, salt?}}, see {@link Rollout}) → 201, the rule</td></tr>
 *   <tr><td>{@code PUT /v1/admin/configs/:name/rules/:id}</td><td>the same body replaces the rule; an
 *       optional {@code If-Match: "<revision>"} makes it conditional (412 when stale)</td></tr>
 *   <tr><td>{@code DELETE /v1/admin/configs/:name/rules/:id}</td><td>200 with the deleted rule, 404 when none</td></tr>
 *   <tr><td>{@code PUT /v1/admin/configs/:name/rules/:id/package}</td><td>the raw body is the package,
 *       its {@code Content-Type} the package's → the rule</td></tr>
 *   <tr><td>{@code GET /v1/admin/configs/:name/preview?version=&device=&region=&lang=&subject=}</td><td>what
 *       that client would get ({@code subject} a user or device id), with {@code ruleIds} (merge order,
 *       winner last) and the {@code client} as read</td></tr>
 * </table>
 * A rule reads {@code {id, name, minVersion, maxVersion, devices, regions, languages, rollout,
 * priority, enabled, value, package, revision, updatedAt}}, {@code rollout} null or
 * {@code {percent, salt}} (the salt written out even when it defaulted to the id), and carries
 * {@code ETag: "<revision>"}.
 * Packages need a server whose {@code maxBodyBytes} admits {@value Configs#MAX_PACKAGE_BYTES}
 * bytes; the default 1 MiB answers larger uploads 413.
 */
public final class ConfigRoutes {
    private static final Pattern REVISION = Pattern.compile("\"?(\\d{1,18})\"?");

    private ConfigRoutes() {
    }

    /** Adds the routes above to {@code router}. */
    public static Router mount(Router router, Configs configs) {
        return router
                .get("/v1/configs/:name", ctx -> config(configs, ctx))
                .get("/v1/configs/:name/packages/:sha256", ctx -> download(configs, ctx))
                .get("/v1/admin/configs/:name/rules", ctx -> configs.list(ctx.param("name")).then(rules -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("name", ctx.param("name"));
                    data.put("rules", rules.stream().map(ConfigRoutes::ruleView).toList());
                    return Envelope.ok(data);
                }))
                .post("/v1/admin/configs/:name/rules", ctx -> ctx.readBody()
                        .compose(body -> configs.create(ctx.param("name"), Inputs.object(body)))
                        .then(created -> rule(ctx.status(201), created)))
                .put("/v1/admin/configs/:name/rules/:id", ctx -> {
                    Long expected = expectedRevision(ctx.header("If-Match"));
                    return ctx.readBody()
                            .compose(body -> configs.replace(ctx.param("name"), ctx.param("id"), Inputs.object(body), expected))
                            .then(replaced -> rule(ctx, replaced));
                })
                .delete("/v1/admin/configs/:name/rules/:id",
                        ctx -> configs.delete(ctx.param("name"), ctx.param("id")).then(rule -> Envelope.ok(ruleView(rule))))
                .put("/v1/admin/configs/:name/rules/:id/package", ctx -> ctx.readBody()
                        .compose(body -> configs.putPackage(ctx.param("name"), ctx.param("id"), body.bytes(), body.contentType()))
                        .then(updated -> rule(ctx, updated)))
                .get("/v1/admin/configs/:name/preview", ctx -> {
                    ClientProfile client = ClientProfile.ofQuery(ctx);
                    return configs.resolve(ctx.param("name"), client).then(resolved -> {
                        Map<String, Object> data = resolvedView(resolved);
                        data.put("ruleIds", resolved.ruleIds());
                        data.put("client", clientView(client));
                        return Envelope.ok(data);
                    });
                });
    }

    private static Promise<Envelope> config(Configs configs, Context ctx) {
        ClientProfile client = ClientProfile.of(ctx);
        List<String> read = ClientProfile.headersRead(ctx);
        return configs.resolve(ctx.param("name"), client).then(resolved -> {
            String etag = "\"" + resolved.etag() + "\"";
            ctx.set("ETag", etag);
            ctx.set("Cache-Control", "private, max-age=60");
            if (!read.isEmpty()) {
                ctx.set("Vary", String.join(", ", read));
            }
            if (notModified(ctx.header("If-None-Match"), etag)) {
                ctx.status(304);
                return null;
            }
            return Envelope.ok(resolvedView(resolved));
        });
    }

    private static Promise<Object> download(Configs configs, Context ctx) {
        return configs.packageBytes(ctx.param("name"), ctx.param("sha256")).then(pkg -> {
            String etag = "\"" + pkg.sha256() + "\"";
            ctx.set("ETag", etag);
            ctx.set("Cache-Control", "public, max-age=31536000, immutable");
            if (notModified(ctx.header("If-None-Match"), etag)) {
                ctx.status(304);
                return null;
            }
            ctx.type(pkg.contentType());
            ctx.body(pkg.bytes());
            return null;
        });
    }

    /** {@code If-None-Match} names {@code etag} or is {@code *}, compared weakly as RFC 9110 asks for GET. */
    private static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.trim();
            if (candidate.equals("*") || (candidate.startsWith("W/") ? candidate.substring(2) : candidate).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** The revision {@code If-Match} requires, or null when it requires none ({@code *} or absent). */
    private static Long expectedRevision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher matcher = REVISION.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw new HttpException(400, "If-Match must be the rule's revision, such as \"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    private static Envelope rule(Context ctx, ConfigRule rule) {
        ctx.set("ETag", "\"" + rule.revision() + "\"");
        return Envelope.ok(ruleView(rule));
    }

    private static Map<String, Object> ruleView(ConfigRule rule) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id());
        view.put("name", rule.name());
        view.put("minVersion", rule.minVersion() == null ? null : rule.minVersion().toString());
        view.put("maxVersion", rule.maxVersion() == null ? null : rule.maxVersion().toString());
        view.put("devices", rule.devices().stream().sorted().toList());
        view.put("regions", rule.regions().stream().sorted().toList());
        view.put("languages", rule.languages().stream().sorted().toList());
        view.put("rollout", rule.rollout() == null ? null : rolloutView(rule.rollout()));
        view.put("priority", rule.priority());
        view.put("enabled", rule.enabled());
        view.put("value", rule.value());
        view.put("package", rule.filePackage() == null ? null : packageView(rule.name(), rule.filePackage()));
        view.put("revision", rule.revision());
        view.put("updatedAt", rule.updatedAt().toString());
        return view;
    }

    /** The percent as the operator wrote it: an integer when whole ({@code 20}), else with its decimals ({@code 0.05}). */
    private static Map<String, Object> rolloutView(Rollout rollout) {
        Map<String, Object> view = new LinkedHashMap<>();
        BigDecimal percent = rollout.percent().stripTrailingZeros();
        view.put("percent", percent.scale() <= 0 ? (Number) percent.intValueExact() : (Number) percent.doubleValue());
        view.put("salt", rollout.salt());
        return view;
    }

    private static Map<String, Object> resolvedView(ResolvedConfig resolved) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", resolved.name());
        view.put("etag", resolved.etag());
        view.put("config", resolved.config());
        if (resolved.filePackage() != null) {
            view.put("package", packageView(resolved.name(), resolved.filePackage()));
        }
        return view;
    }

    private static Map<String, Object> packageView(String name, ConfigPackage pkg) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sha256", pkg.sha256());
        view.put("size", pkg.size());
        view.put("contentType", pkg.contentType());
        view.put("url", pkg.url(name));
        return view;
    }

    private static Map<String, Object> clientView(ClientProfile client) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version", client.version() == null ? null : client.version().toString());
        view.put("device", client.device());
        view.put("region", client.region());
        view.put("language", client.language());
        view.put("subject", client.subject());
        return view;
    }
}
