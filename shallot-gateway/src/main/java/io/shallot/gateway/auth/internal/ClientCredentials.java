package io.shallot.gateway.auth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.gateway.Refusal;
import io.shallot.web.Context;
import io.shallot.web.HttpException;
import io.shallot.web.body.RequestBody;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client credentials of a token request (RFC 6749 sections 2.3.1 and 4.4): the body, as
 * {@code application/x-www-form-urlencoded} or JSON, carries {@code grant_type=client_credentials}
 * and, unless HTTP Basic carries them, {@code client_id} and {@code client_secret}. Parameters
 * other than these are ignored, as OAuth asks; each of these must appear once, as text.
 *
 * @param basic whether they came in an {@code Authorization: Basic} header
 */
public record ClientCredentials(String clientId, String clientSecret, boolean basic) {
    public static final String GRANT_TYPE = "client_credentials";

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + ", secret=***]";
    }

    /**
     * @param body the request body, read in full ({@code ctx.readBody()})
     * @throws Refusal.GatewayException {@code BAD_TOKEN_REQUEST} naming what is wrong, or
     *                                  {@code BAD_CREDENTIALS} for an unreadable Basic header
     */
    public static ClientCredentials parse(Context ctx, RequestBody body) {
        Map<String, String> fields = fields(body);
        String grant = fields.get("grant_type");
        if (grant == null) {
            throw bad("grant_type is required (client_credentials)");
        }
        if (!GRANT_TYPE.equals(grant)) {
            throw bad("unsupported grant_type; only client_credentials is supported");
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            ClientCredentials basic = basic(authorization.substring(6).strip());
            if (fields.containsKey("client_secret")) {
                throw bad("send the client credentials once: in the Authorization header or in the body");
            }
            String bodyId = fields.get("client_id");
            if (bodyId != null && !bodyId.equals(basic.clientId())) {
                throw bad("client_id in the body differs from the one in the Authorization header");
            }
            return basic;
        }
        String id = fields.get("client_id");
        String secret = fields.get("client_secret");
        if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
            throw bad("client_id and client_secret are required (in the body or with HTTP Basic)");
        }
        return new ClientCredentials(id, secret, false);
    }

    private static Map<String, String> fields(RequestBody body) {
        String type = body.contentType() == null ? "" : body.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return form(body);
        }
        if (type.startsWith("application/json")) {
            return json(body);
        }
        throw bad("send the token request as application/x-www-form-urlencoded or application/json");
    }

    private static Map<String, String> form(RequestBody body) {
        Map<String, List<String>> form;
        try {
            form = body.form();
        } catch (HttpException e) {
            throw bad("malformed form body");
        }
        Map<String, String> known = new HashMap<>();
        for (String name : List.of("grant_type", "client_id", "client_secret")) {
            List<String> values = form.getOrDefault(name, List.of());
            if (values.size() > 1) {
                throw bad(name + " must be given once");
            }
            if (values.size() == 1) {
                known.put(name, values.get(0));
            }
        }
        return known;
    }

    private static Map<String, String> json(RequestBody body) {
        JsonNode json;
        try {
            json = body.json();
        } catch (HttpException e) {
            throw bad("the body is not valid JSON");
        }
        if (!json.isObject()) {
            throw bad("the JSON body must be an object");
        }
        Map<String, String> known = new HashMap<>();
        for (String name : List.of("grant_type", "client_id", "client_secret")) {
            JsonNode value = json.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw bad(name + " must be a string");
            }
            known.put(name, value.textValue());
        }
        return known;
    }

    private static ClientCredentials basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Challenges.badCredentials("malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            throw Challenges.badCredentials("malformed Basic credentials");
        }
        try {
            return new ClientCredentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8), true);
        } catch (IllegalArgumentException e) {
            throw Challenges.badCredentials("malformed Basic credentials");
        }
    }

    private static Refusal.GatewayException bad(String message) {
        return Refusal.BAD_TOKEN_REQUEST.exception(message, Map.of());
    }
}
