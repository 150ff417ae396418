package io.shallot.gateway.proxy.internal;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.GatewayApp;
import io.shallot.gateway.proxy.PathNormalizer;
import io.shallot.gateway.user.GatewayUser;
import io.shallot.gateway.user.UserSettings;
import io.shallot.web.Context;
import io.shallot.web.client.ClientRequest;
import io.shallot.web.middleware.Trace;
import io.shallot.web.middleware.TrustedUser;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What goes upstream for one request, prepared once and addressed to a target per attempt.
 *
 * <ul>
 *   <li>Method: the client's, upper case. Path: the normalised path, without the route's prefix
 *       when it strips it ({@code /v1/contents/7} → {@code /7}, nothing left → {@code /}),
 *       {@link PathNormalizer#encode canonically encoded}. Query: the client's, as sent, minus
 *       every {@code access_token} and {@code user_token} parameter.</li>
 *   <li>Headers: the client's end-to-end headers, except {@code Authorization} and the user token
 *       header (the gateway consumed the credentials; the upstream trusts the gateway, not the
 *       tokens), {@code Host}
 *       (the target's is sent), {@code Content-Length} (sent again with the body it describes, see
 *       {@link BodyTransfer}), {@code Expect} (the gateway answers it when it starts reading the
 *       body) and the hop-by-hop ones. Then {@code X-Forwarded-For} gets the client's
 *       address appended, {@code X-Forwarded-Proto} is {@code http} (the scheme the gateway
 *       serves), {@code X-Forwarded-Host} is the client's {@code Host}, and
 *       {@link Trace#propagation} sets {@code X-Request-Id} and a fresh {@code traceparent} (with
 *       {@code tracestate}) per attempt. {@code X-Shallot-Appid} names the authenticated app and,
 *       when a user token was verified, {@code X-Shallot-User} its user; the client's own
 *       {@code X-Shallot-*} headers (signature, nonce, timestamp, appid, user) are dropped, on
 *       every route, so an upstream can trust those two.</li>
 * </ul>
 * Built on the request's loop; immutable afterwards but for its {@link OutgoingBody}, which follows
 * the attempts.
 */
final class ForwardedRequest {
    /** Tells the upstream which app called; a client's own header of that name is dropped, never trusted. */
    static final String APPID_HEADER = "X-Shallot-Appid";
    /** Tells the upstream which end user the verified user token speaks for; never the client's own. */
    static final String USER_HEADER = TrustedUser.HEADER;
    /** Case-insensitive, so that each client header is looked up as it is, without a lower-cased copy. */
    private static final Set<String> CONSUMED = caseInsensitive("authorization", "host", "content-length", "expect",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-request-id",
            "x-shallot-timestamp", "x-shallot-nonce", "x-shallot-signature", "x-shallot-appid", "x-shallot-user");
    private static final Set<String> TOKEN_PARAMETERS = Set.of("access_token", UserSettings.PARAMETER);

    private final String method;
    private final String target;
    private final List<String[]> headers;
    private final OutgoingBody body;
    private final Duration timeout;
    private final Consumer<ClientRequest> propagation;

    private ForwardedRequest(String method, String target, List<String[]> headers, OutgoingBody body, Duration timeout,
                             Consumer<ClientRequest> propagation) {
        this.method = method;
        this.target = target;
        this.headers = headers;
        this.body = body;
        this.timeout = timeout;
        this.propagation = propagation;
    }

    static ForwardedRequest of(Context ctx, ApiRoute route, String normalisedPath, String userTokenHeader,
                               Duration upstreamTimeout) {
        String path = PathNormalizer.encode(route.stripPrefix() ? strip(normalisedPath, route.prefix()) : normalisedPath);
        String query = withoutTokens(ctx.querystring());
        Map<String, List<String>> incoming = ctx.headers();
        Set<String> listed = HopByHop.listedIn(incoming);
        List<String[]> headers = new ArrayList<>(incoming.size() + 3);
        incoming.forEach((name, values) -> {
            if (!HopByHop.is(name, listed) && !CONSUMED.contains(name) && !name.equalsIgnoreCase(userTokenHeader)) {
                values.forEach(value -> headers.add(new String[] {name, value}));
            }
        });
        headers.add(new String[] {"X-Forwarded-For", forwardedFor(incoming.get("x-forwarded-for"), ctx.remoteAddress())});
        headers.add(new String[] {"X-Forwarded-Proto", "http"});
        String host = ctx.header("Host");
        if (host != null) {
            headers.add(new String[] {"X-Forwarded-Host", host});
        }
        Exchange exchange = Exchange.of(ctx);
        GatewayApp app = exchange.app();
        if (app != null) {
            headers.add(new String[] {APPID_HEADER, app.appid()});
        }
        GatewayUser user = exchange.user();
        if (user != null) {
            headers.add(new String[] {USER_HEADER, user.id()});
        }
        return new ForwardedRequest(ctx.method().toUpperCase(Locale.ROOT), query.isEmpty() ? path : path + "?" + query,
                headers, BodyTransfer.requestBody(ctx), route.timeout() != null ? route.timeout() : upstreamTimeout,
                Trace.propagation(ctx));
    }

    /** The request to {@code target}, with its own {@code traceparent}. */
    ClientRequest to(Target destination) {
        ClientRequest request = ClientRequest.of(method, destination.host(), destination.port(), target).timeout(timeout);
        for (String[] header : headers) {
            request.addHeader(header[0], header[1]);
        }
        propagation.accept(request);
        return request;
    }

    OutgoingBody body() {
        return body;
    }

    /** The time allowed for the response head, and for each pause of the response body. */
    Duration timeout() {
        return timeout;
    }

    /** RFC 9110 §9.2.2 idempotent methods that may be sent again when the first target could not be reached. */
    boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    static String strip(String path, String prefix) {
        if (prefix.equals("/")) {
            return path;
        }
        int end = 0;
        for (int i = 0; i < prefix.length(); i++) {
            if (prefix.charAt(i) == '/') {
                end = path.indexOf('/', end + 1);
                if (end < 0) {
                    return "/";
                }
            }
        }
        return path.substring(end);
    }

    /** The query as sent, without {@code access_token} and {@code user_token} pairs however their name is encoded. */
    static String withoutTokens(String query) {
        if (!query.contains("_token") && !query.contains("%")) {
            return query;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : query.split("&", -1)) {
            if (!isToken(pair)) {
                kept.add(pair);
            }
        }
        return kept.toString();
    }

    private static boolean isToken(String pair) {
        int eq = pair.indexOf('=');
        try {
            return TOKEN_PARAMETERS.contains(PercentCodec.decode(eq < 0 ? pair : pair.substring(0, eq), true));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }

    private static String forwardedFor(List<String> earlier, InetSocketAddress client) {
        String address = client == null ? "unknown" : client.getAddress().getHostAddress();
        return earlier == null || earlier.isEmpty() ? address : String.join(", ", earlier) + ", " + address;
    }
}
