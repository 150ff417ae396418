package io.shallot.web.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import java.util.function.BiConsumer;

/** What a connection needs from the app: the composed chain, the JSON mapper, the error listener. */
public record AppHandle(Middleware chain, ObjectMapper mapper, BiConsumer<Throwable, Context> errorListener) {
}
