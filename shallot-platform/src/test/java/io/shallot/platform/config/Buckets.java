package io.shallot.platform.config;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The rollout bucket as the brief states it, written apart from {@link Rollout} so that tests pick
 * subjects in and out without trusting the code under test.
 */
final class Buckets {
    private static final BigInteger BUCKETS = BigInteger.valueOf(10_000);

    private Buckets() {
    }

    /** The first 8 bytes of SHA-256({@code salt:subject}) as an unsigned number, modulo 10,000. */
    static int of(String salt, String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((salt + ":" + subject).getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, Arrays.copyOf(digest, 8)).mod(BUCKETS).intValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first {@code count} of {@code prefix0, prefix1, ...} whose bucket under {@code salt} is below {@code basisPoints} or not. */
    static List<String> subjects(String prefix, String salt, int basisPoints, boolean in, int count) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> prefix + i)
                .filter(subject -> of(salt, subject) < basisPoints == in).limit(count).toList();
    }
}
