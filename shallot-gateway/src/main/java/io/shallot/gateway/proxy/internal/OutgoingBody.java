package io.shallot.gateway.proxy.internal;

import io.shallot.web.client.ClientRequest;

/**
 * The request body as the proxy sends it upstream, given anew to each attempt: none, bytes an
 * earlier middleware read in full, or the client's body streamed through a {@link RequestPipe}.
 * Loop thread only.
 */
interface OutgoingBody {
    /** No body: none is sent (a POST, PUT or PATCH gets {@code Content-Length: 0} from the client). */
    OutgoingBody NONE = new Buffered(new byte[0]);

    /** Gives the body to the request of one attempt. */
    void attachTo(ClientRequest request);

    /** Whether a further attempt can still send the whole body. */
    boolean replayable();

    /** Whether all of the body has been handed to the upstream connection (or read, when buffered). */
    boolean complete();

    /** Why the client's side of the body failed (it left mid-body, or the body passed the limit), or null. */
    Throwable failure();

    /** No further attempt will be made: the rest of the client's body is not wanted. */
    void discard();

    /** A body held in full, sent again as often as asked. */
    record Buffered(byte[] bytes) implements OutgoingBody {
        @Override
        public void attachTo(ClientRequest request) {
            if (bytes.length > 0) {
                request.body(bytes);
            }
        }

        @Override
        public boolean replayable() {
            return true;
        }

        @Override
        public boolean complete() {
            return true;
        }

        @Override
        public Throwable failure() {
            return null;
        }

        @Override
        public void discard() {
        }
    }
}
