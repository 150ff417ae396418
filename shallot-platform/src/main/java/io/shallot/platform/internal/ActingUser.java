package io.shallot.platform.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.web.Context;
import io.shallot.web.middleware.TrustedUser;
import io.shallot.web.middleware.TrustedUser.Policy;

/**
 * The user id a request body carries, squared with the user the gateway vouches for: anonymous
 * requests stay possible (feedback, reports), but a signed-in user's body names that user or none.
 */
public final class ActingUser {
    private ActingUser() {
    }

    /**
     * {@code body}'s {@code field} when it names the vouched-for user, filled in when absent; 403 when it
     * names another. A value that is not a string is left for the body's own validation to refuse.
     */
    public static JsonNode stamp(Context ctx, JsonNode body, String field) {
        JsonNode given = body.get(field);
        if (body instanceof ObjectNode object && (given == null || given.isTextual())) {
            String user = TrustedUser.actingFor(ctx, given == null ? null : given.textValue(), Policy.CHECK_IF_PRESENT);
            if (user != null) {
                object.put(field, user);
            }
        }
        return body;
    }
}
