package io.shallot.web.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.shallot.loop.Loop;

/** Contexts for tests that exercise middleware without a socket. */
public final class Contexts {
    private Contexts() {
    }

    public static DefaultContext create(Loop loop, String method, String uri) {
        return new DefaultContext(loop, new InboundRequest(method, uri, HttpVersion.HTTP_1_1, new DefaultHttpHeaders(),
                new byte[0], true, null), null, new ObjectMapper());
    }
}
