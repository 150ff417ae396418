package io.shallot.mvc;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.middleware.Trace;
import io.shallot.web.client.ClientRequest;
import io.shallot.web.client.ClientResponse;
import io.shallot.web.client.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Calls other services by name. Configuration maps a name to base URLs, used round-robin; an answer
 * is decoded from the envelope and its {@code data} returned. Any failure (unknown service,
 * connection, timeout, non-2xx, a body that is not the envelope, {@code ret != 0}) is a rejected
 * promise with an {@link ApiCallException} saying which. Call it on a loop thread.
 */
public final class ApiCenter implements AutoCloseable {
    private final Map<String, List<String>> services;
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();
    private final HttpClient client;
    private final Duration timeout;

    public ApiCenter(Map<String, List<String>> services, HttpClient client, Duration timeout) {
        this.services = Map.copyOf(services);
        this.services.forEach((name, urls) -> {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("service '" + name + "' has no base URL");
            }
        });
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** GET {@code pathAndQuery} on one instance of {@code service}; fulfils with the envelope's data. */
    public Promise<JsonNode> get(String service, String pathAndQuery) {
        return get(service, pathAndQuery, request -> { });
    }

    /** As {@link #get(String, String)}, carrying this request's trace and request id to the service. */
    public Promise<JsonNode> get(Context ctx, String service, String pathAndQuery) {
        return get(service, pathAndQuery, Trace.propagation(ctx));
    }

    private Promise<JsonNode> get(String service, String pathAndQuery, Consumer<ClientRequest> customize) {
        List<String> bases = services.get(service);
        if (bases == null) {
            return Promise.reject(new ApiCallException(service, "unknown service (configured: "
                    + String.join(", ", new TreeSet<>(services.keySet())) + ")", null));
        }
        int next = cursors.computeIfAbsent(service, s -> new AtomicInteger()).getAndIncrement();
        String url = bases.get(Math.floorMod(next, bases.size())) + pathAndQuery;
        Promise<ClientResponse> sent;
        try {
            ClientRequest request = ClientRequest.get(url).timeout(timeout);
            customize.accept(request);
            sent = client.send(request);
        } catch (RuntimeException e) {
            return Promise.reject(new ApiCallException(service, "GET " + url + ": " + e.getMessage(), e));
        }
        return sent.then(response -> decode(service, url, response), error -> {
            throw new ApiCallException(service, error.getMessage(), error);
        });
    }

    private static JsonNode decode(String service, String url, ClientResponse response) {
        if (response.status() / 100 != 2) {
            throw new ApiCallException(service, "GET " + url + " answered HTTP " + response.status(), null);
        }
        JsonNode body;
        try {
            body = response.json();
        } catch (RuntimeException e) {
            throw new ApiCallException(service, "GET " + url + " did not answer JSON", e);
        }
        JsonNode ret = body.get("ret");
        if (ret == null || !ret.isInt()) {
            throw new ApiCallException(service, "GET " + url + " did not answer the {ret, message, data} envelope", null);
        }
        if (ret.intValue() != 0) {
            throw new ApiCallException(service, "GET " + url + " answered ret " + ret.intValue() + ": "
                    + body.path("message").asText(""), null);
        }
        return body.path("data");
    }

    @Override
    public void close() {
        client.close();
    }
}
