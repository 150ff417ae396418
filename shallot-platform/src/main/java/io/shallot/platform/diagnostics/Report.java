package io.shallot.platform.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client's debug report: who sent it, on what, and what it measured. {@link Diagnostics#report}
 * checks it field by field (a 400 names the first field that is wrong):
 *
 * @param deviceId   1-128 of A-Z a-z 0-9 . _ : -
 * @param userId     the same shape, or null
 * @param appVersion 1 to 4 dot-separated numbers, such as {@code 1.2.0}
 * @param platform   ios, android, web, harmony, windows, mac, linux or other
 * @param device     the hardware and OS, or null
 * @param metrics    name → a finite number ≥ 0; names are a lowercase letter then up to 63 of
 *                   {@code a-z 0-9 _ .}; at most the settings' {@code maxMetrics}
 * @param events     what happened, at most the settings' {@code maxEvents}
 */
public record Report(String deviceId, String userId, String appVersion, String platform, Device device,
        Map<String, Double> metrics, List<Event> events) {

    public Report {
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** The device's model and OS, each null or at most 64 characters. */
    public record Device(String model, String os, String osVersion) {
    }

    /**
     * Something the client saw.
     *
     * @param name 1-64 of A-Z a-z 0-9 . _ : -
     * @param at   when
     * @param data a JSON object of at most 2 KiB serialized, or null
     */
    public record Event(String name, Instant at, JsonNode data) {
    }
}
