package io.shallot.platform.config;

import io.shallot.platform.config.internal.Attributes;
import io.shallot.platform.config.internal.Resolution;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A gray release (灰度发布): the share of clients a rule reaches. Each subject (see
 * {@link ClientProfile#subject()}) has a bucket from 0 to 9,999: the first 8 bytes of the SHA-256 of
 * {@code salt + ":" + subject}, unsigned, modulo 10,000. The rule reaches the subjects whose bucket
 * is below {@code basisPoints}, so a subject's answer depends on nothing but the salt, its id and
 * the share: not on the instance, the time or other rules, and raising the share keeps every
 * subject already in. A client without a subject is reached only at 100 %.
 *
 * <p>Rules with the same salt bucket every subject alike: two rules at 50 % with one salt reach the
 * same half. That is how complementary variants are written: a rule at 100 % with value B and,
 * above it by priority, a rule at 50 % with value A and the same salt give half the subjects A and
 * the other half B.
 *
 * @param basisPoints the share in hundredths of a percent, 0 (no one) to 10,000 (everyone)
 * @param salt        1 to 64 of {@code A-Z a-z 0-9 _ . : -}; a rule's defaults to its id
 */
public record Rollout(int basisPoints, String salt) {
    public static final int ALL = 10_000;

    public Rollout {
        if (basisPoints < 0 || basisPoints > ALL) {
            throw new IllegalArgumentException("a rollout's basis points are 0 to " + ALL + ", not " + basisPoints);
        }
        salt = Attributes.salt("salt", salt);
    }

    /** The share as a percent with up to two decimals, {@code 0.05} for 1 in 2,000. */
    public BigDecimal percent() {
        return BigDecimal.valueOf(basisPoints, 2);
    }

    /** Whether the rule reaches {@code subject} (null when the client has none). */
    public boolean admits(String subject) {
        if (basisPoints == ALL || basisPoints == 0) {
            return basisPoints == ALL;
        }
        return subject != null && bucket(salt, subject) < basisPoints;
    }

    /** The subject's bucket under {@code salt}, 0 to 9,999. */
    public static int bucket(String salt, String subject) {
        byte[] digest = Resolution.sha256().digest((salt + ":" + subject).getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), ALL);
    }
}
