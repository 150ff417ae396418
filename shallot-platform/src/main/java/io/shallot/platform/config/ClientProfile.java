package io.shallot.platform.config;

import io.shallot.platform.config.internal.Attributes;
import io.shallot.web.Context;
import io.shallot.web.body.Inputs;
import io.shallot.web.middleware.TrustedUser;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client says about itself, each part null when unknown. The strings are canonical: device
 * lower case ({@code [a-z0-9-]{1,32}}), region an upper-case ISO 3166 alpha-2 code, language a
 * BCP 47 tag in its canonical case ({@code zh-Hant-TW}); the constructor brings them there and
 * refuses anything else with a 400 naming the part.
 *
 * @param subject who the client is for a {@link Rollout}: 1 to 128 visible ASCII characters, kept as
 *                given (it is hashed), or null when the client is nobody in particular
 */
public record ClientProfile(Version version, String device, String region, String language, String subject) {
    /** A client that says nothing: it gets only what rules without conditions give. */
    public static final ClientProfile UNKNOWN = new ClientProfile(null, null, null, null, null);

    public ClientProfile {
        device = device == null ? null : Attributes.device("device", device);
        region = region == null ? null : Attributes.region("region", region);
        language = language == null ? null : Attributes.language("language", language);
        subject = subject == null ? null : Attributes.subject("subject", subject);
    }

    /** A profile without a subject: rules with a rollout below 100 % never reach it. */
    public ClientProfile(Version version, String device, String region, String language) {
        this(version, device, region, language, null);
    }

    /**
     * The profile a request states: the query's {@code version}, {@code device}, {@code region} and
     * {@code lang}, each falling back to a header ({@code X-App-Version}, {@code X-Device},
     * {@code X-Region}, and the first tag of {@code Accept-Language}, q-values ignored, {@code *}
     * meaning none). A malformed value is a 400 naming the query parameter or header it came from.
     *
     * <p>The subject is the user the gateway vouches for ({@code X-Shallot-User}, see
     * {@link TrustedUser#of}), else the query's {@code deviceId}, else the {@code X-Device-Id} header
     * (1 to 128 of {@code A-Z a-z 0-9 _ . : -}, checked even when a user wins), else none.
     */
    public static ClientProfile of(Context ctx) {
        String version = pick(ctx, Part.VERSION);
        String device = pick(ctx, Part.DEVICE);
        String region = pick(ctx, Part.REGION);
        String language = pick(ctx, Part.LANGUAGE);
        String deviceId = pick(ctx, Part.DEVICE_ID);
        String checkedDeviceId = deviceId == null ? null : Attributes.deviceId(source(ctx, Part.DEVICE_ID), deviceId);
        String user = TrustedUser.of(ctx);
        return new ClientProfile(
                version == null ? null : Version.parse(source(ctx, Part.VERSION), version),
                device == null ? null : Attributes.device(source(ctx, Part.DEVICE), device),
                region == null ? null : Attributes.region(source(ctx, Part.REGION), region),
                language == null ? null : Attributes.language(source(ctx, Part.LANGUAGE), language),
                user != null ? user : checkedDeviceId);
    }

    /**
     * The profile the query alone states, for an operator's preview: headers are the operator's own,
     * and the subject is the query's {@code subject}, a user or a device id.
     */
    static ClientProfile ofQuery(Context ctx) {
        String version = blankless(ctx, Part.VERSION.query);
        String device = blankless(ctx, Part.DEVICE.query);
        String region = blankless(ctx, Part.REGION.query);
        String language = blankless(ctx, Part.LANGUAGE.query);
        String subject = blankless(ctx, "subject");
        return new ClientProfile(
                version == null ? null : Version.parse(Part.VERSION.query, version),
                device == null ? null : Attributes.device(Part.DEVICE.query, device),
                region == null ? null : Attributes.region(Part.REGION.query, region),
                language == null ? null : Attributes.language(Part.LANGUAGE.query, language),
                subject == null ? null : Attributes.subject("subject", subject));
    }

    /**
     * The headers {@link #of} read because the query did not say, for the response's {@code Vary}.
     * {@code X-Shallot-User} is not among them: the gateway sets it from the user's token, so no
     * cache past the gateway ever sees it in a request.
     */
    static List<String> headersRead(Context ctx) {
        List<String> headers = new ArrayList<>(Part.values().length);
        for (Part part : Part.values()) {
            if (blankless(ctx, part.query) == null) {
                headers.add(part.header);
            }
        }
        return headers;
    }

    /** A query value given once; blank counts as not given. */
    private static String blankless(Context ctx, String name) {
        String value = Inputs.query(ctx, name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String pick(Context ctx, Part part) {
        String value = blankless(ctx, part.query);
        if (value != null) {
            return value;
        }
        String header = ctx.header(part.header);
        if (header == null || header.isBlank()) {
            return null;
        }
        if (part != Part.LANGUAGE) {
            return header.trim();
        }
        String first = header.split(",", 2)[0].split(";", 2)[0].trim();
        return first.isEmpty() || first.equals("*") ? null : first;
    }

    private static String source(Context ctx, Part part) {
        return blankless(ctx, part.query) != null ? part.query : part.header;
    }

    private enum Part {
        VERSION("version", "X-App-Version"),
        DEVICE("device", "X-Device"),
        REGION("region", "X-Region"),
        LANGUAGE("lang", "Accept-Language"),
        DEVICE_ID("deviceId", "X-Device-Id");

        final String query;
        final String header;

        Part(String query, String header) {
            this.query = query;
            this.header = header;
        }
    }
}
