package io.shallot.web;

import io.netty.handler.codec.http.HttpResponseStatus;

/** HTTP status codes, each name carrying its number. */
public final class Status {
    public static final int CONTINUE_100 = 100;
    public static final int OK_200 = 200;
    public static final int CREATED_201 = 201;
    public static final int NO_CONTENT_204 = 204;
    public static final int PARTIAL_CONTENT_206 = 206;
    public static final int MOVED_PERMANENTLY_301 = 301;
    public static final int FOUND_302 = 302;
    public static final int NOT_MODIFIED_304 = 304;
    public static final int BAD_REQUEST_400 = 400;
    public static final int UNAUTHORIZED_401 = 401;
    public static final int FORBIDDEN_403 = 403;
    public static final int NOT_FOUND_404 = 404;
    public static final int METHOD_NOT_ALLOWED_405 = 405;
    public static final int REQUEST_TIMEOUT_408 = 408;
    public static final int PAYLOAD_TOO_LARGE_413 = 413;
    public static final int URI_TOO_LONG_414 = 414;
    public static final int UNSUPPORTED_MEDIA_TYPE_415 = 415;
    public static final int RANGE_NOT_SATISFIABLE_416 = 416;
    public static final int EXPECTATION_FAILED_417 = 417;
    public static final int TOO_MANY_REQUESTS_429 = 429;
    public static final int HEADERS_TOO_LARGE_431 = 431;
    public static final int INTERNAL_SERVER_ERROR_500 = 500;
    public static final int BAD_GATEWAY_502 = 502;
    public static final int SERVICE_UNAVAILABLE_503 = 503;
    public static final int GATEWAY_TIMEOUT_504 = 504;

    private Status() {
    }

    /** The reason phrase, e.g. "Not Found" for 404. */
    public static String reason(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }

    public static boolean isEmptyBody(int status) {
        return status == NO_CONTENT_204 || status == NOT_MODIFIED_304 || (status >= 100 && status < 200);
    }
}
