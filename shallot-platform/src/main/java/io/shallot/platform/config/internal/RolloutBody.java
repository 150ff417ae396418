package io.shallot.platform.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.platform.config.Rollout;
import io.shallot.web.HttpException;
import java.math.BigDecimal;
import java.util.Set;

/**
 * A rule's {@code rollout} as an operator sends it: null or absent (every matching client), or
 * {@code {"percent": 20, "salt": "home-dark"}} with {@code percent} a number from 0 to 100 with at
 * most two decimals and {@code salt} optional, the rule's id when left out. Every mistake is a 400
 * naming the field.
 */
public final class RolloutBody {
    private static final Set<String> FIELDS = Set.of("percent", "salt");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final String PERCENT_FORM = "rollout.percent must be a number from 0 to 100 with at most two decimals, such as 20 or 0.05";

    private RolloutBody() {
    }

    /** The rollout of the rule {@code ruleId} that {@code node} describes, or null for none. */
    public static Rollout parse(JsonNode node, String ruleId) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new HttpException(400, "rollout must be null or an object such as {\"percent\": 20}");
        }
        for (String field : (Iterable<String>) node::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw new HttpException(400, "unknown field rollout." + field + " (a rollout has percent, salt)");
            }
        }
        JsonNode salt = node.get("salt");
        if (salt != null && !salt.isNull() && !salt.isTextual()) {
            throw new HttpException(400, "rollout.salt must be a string");
        }
        return new Rollout(basisPoints(node.get("percent")),
                salt == null || salt.isNull() ? ruleId : Attributes.salt("rollout.salt", salt.textValue()));
    }

    private static int basisPoints(JsonNode percent) {
        // 1e400 reads as an infinite double, which has no decimal value
        if (percent == null || !percent.isNumber() || percent.isFloatingPointNumber() && !Double.isFinite(percent.doubleValue())) {
            throw new HttpException(400, PERCENT_FORM);
        }
        BigDecimal value = percent.decimalValue().stripTrailingZeros();
        if (value.signum() < 0 || value.compareTo(HUNDRED) > 0 || value.scale() > 2) {
            throw new HttpException(400, PERCENT_FORM);
        }
        return value.movePointRight(2).intValueExact();
    }
}
