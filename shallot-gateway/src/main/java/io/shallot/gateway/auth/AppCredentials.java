package io.shallot.gateway.auth;

/**
 * A new client secret, returned once, when an app is created or its secret rotated: the gateway
 * keeps only an encrypted copy and never shows the secret again. {@link #toString} hides it.
 *
 * @param appid    the app, the {@code client_id} of token requests
 * @param secretId the secret's public id, as listed by the admin API
 * @param secret   the {@code client_secret}
 */
public record AppCredentials(String appid, String secretId, String secret) {
    @Override
    public String toString() {
        return "AppCredentials[appid=" + appid + ", secretId=" + secretId + ", secret=***]";
    }
}
