package io.shallot.web.client.internal;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.shallot.web.client.HttpClientException;
import io.shallot.web.client.HttpClientException.Kind;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** Turns what Netty and the JDK throw into {@link HttpClientException}s whose message names the target. */
final class Failures {
    private Failures() {
    }

    static HttpClientException connect(PoolKey target, Throwable cause, long timeoutMs) {
        Throwable c = cause;
        while (c.getCause() != null && !(c instanceof ConnectException) && !(c instanceof UnknownHostException)
                && !(c instanceof ConnectTimeoutException) && !(c instanceof SslHandshakeTimeoutException)) {
            c = c.getCause();
        }
        if (c instanceof ConnectTimeoutException || c instanceof SslHandshakeTimeoutException) {
            return new HttpClientException(Kind.CONNECT_TIMEOUT,
                    "connecting to " + target + " timed out after " + timeoutMs + " ms", cause);
        }
        if (c instanceof ConnectException && String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
            return new HttpClientException(Kind.CONNECTION_REFUSED, "connection refused by " + target, cause);
        }
        if (c instanceof UnknownHostException) {
            return new HttpClientException(Kind.CONNECT_FAILED, "unknown host " + target.host() + " (" + target + ")", cause);
        }
        return new HttpClientException(Kind.CONNECT_FAILED, "cannot connect to " + target + ": " + describe(cause), cause);
    }

    /** The connection broke while the request was being written or the response read. */
    static HttpClientException broken(String request, String when, Throwable cause) {
        return new HttpClientException(Kind.CONNECTION_CLOSED, request + ": connection " + when + ": " + describe(cause), cause);
    }

    static HttpClientException closed(String request, String when) {
        return new HttpClientException(Kind.CONNECTION_CLOSED, request + ": the server closed the connection " + when);
    }

    static HttpClientException protocol(String request, String what, Throwable cause) {
        return new HttpClientException(Kind.PROTOCOL, request + ": invalid response: " + what
                + (cause == null ? "" : ": " + describe(cause)), cause);
    }

    /** True when a write failed because the channel was already closed, so no byte left. */
    static boolean closedBeforeWrite(Throwable cause) {
        return cause instanceof ClosedChannelException;
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isEmpty() ? cause.getClass().getSimpleName() : message;
    }
}
