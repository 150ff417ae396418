package io.shallot.platform.config;

import io.shallot.web.HttpException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A client app's version: 1 to 4 dot-separated non-negative integers of up to 9 digits each,
 * compared number by number ({@code 1.10 > 1.9}); missing trailing numbers count as 0, so
 * {@code 1.2} equals {@code 1.2.0}. Immutable.
 */
public final class Version implements Comparable<Version> {
    private static final Pattern FORM = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}");
    private final int[] numbers;

    private Version(int[] numbers) {
        this.numbers = numbers;
    }

    /** {@code text} as a version; a 400 naming {@code version} when it is not one. */
    public static Version parse(String text) {
        return parse("version", text);
    }

    /** {@code text} as a version; a 400 naming {@code field} (where the text came from) when it is not one. */
    public static Version parse(String field, String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            throw new HttpException(400, field + " must be 1 to 4 dot-separated numbers of up to 9 digits, such as 2.10.1");
        }
        return new Version(Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray());
    }

    @Override
    public int compareTo(Version other) {
        int length = Math.max(numbers.length, other.numbers.length);
        for (int i = 0; i < length; i++) {
            int order = Integer.compare(at(i), other.at(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private int at(int index) {
        return index < numbers.length ? numbers[index] : 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Version version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        int significant = numbers.length;
        while (significant > 1 && numbers[significant - 1] == 0) {
            significant--;
        }
        return Arrays.hashCode(Arrays.copyOf(numbers, significant));
    }

    /** The numbers as given, without leading zeros: {@code 2.010} reads back as {@code 2.10}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int number : numbers) {
            text.append(text.isEmpty() ? "" : ".").append(number);
        }
        return text.toString();
    }
}
