package io.shallot.mvc.data;

import org.bson.conversions.Bson;

/**
 * Options of {@link Collection#find}: start from {@link #DEFAULT} and copy with {@code withX}:
 * {@code FindOptions.DEFAULT.withSort(Sorts.descending("_id")).withLimit(10)}.
 *
 * @param sort       the order, or null for the server's natural order
 * @param skip       documents to skip, {@code >= 0}
 * @param limit      the most documents to return, {@code 0} for no limit
 * @param projection the fields to return, or null for whole documents
 */
public record FindOptions(Bson sort, int skip, int limit, Bson projection) {
    public static final FindOptions DEFAULT = new FindOptions(null, 0, 0, null);

    public FindOptions {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0, got " + skip);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = no limit), got " + limit);
        }
    }

    public FindOptions withSort(Bson sort) {
        return new FindOptions(sort, skip, limit, projection);
    }

    public FindOptions withSkip(int skip) {
        return new FindOptions(sort, skip, limit, projection);
    }

    public FindOptions withLimit(int limit) {
        return new FindOptions(sort, skip, limit, projection);
    }

    public FindOptions withProjection(Bson projection) {
        return new FindOptions(sort, skip, limit, projection);
    }
}
