package io.shallot.gateway.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.mvc.config.Config;
import io.shallot.mvc.config.ConfigException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code gateway.users} as an operator writes it: every mistake named by its field, no secret ever printed. */
class UserSettingsTest {
    private static final String SECRET = Base64.getEncoder().encodeToString(TestTokens.secret(32));
    private static KeyPair rsa;
    private static KeyPair ec;

    @BeforeAll
    static void keys() {
        rsa = TestTokens.rsa(2048);
        ec = TestTokens.ec("secp256r1");
    }

    private static UserSettings bind(Map<String, Object> users) {
        return Config.of(Map.of("gateway", Map.of("users", users))).view("gateway.users", UserSettings.class);
    }

    /** A section with one key made of {@code fields}, and the issuer. */
    private static UserSettings bindKey(Object... fields) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            key.put((String) fields[i], fields[i + 1]);
        }
        return bind(Map.of("issuer", TestTokens.ISSUER, "keys", List.of(key)));
    }

    @Test
    void anAbsentSectionIsOffWithTheDefaults() {
        UserSettings settings = Config.of(Map.of()).view("gateway.users", UserSettings.class);

        assertThat(settings).isEqualTo(UserSettings.disabled());
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.header()).isEqualTo("X-User-Token");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.audience()).isNull();
    }

    @Test
    void bindsEveryFieldAndEachKindOfKey() {
        UserSettings settings = bind(Map.of("issuer", TestTokens.ISSUER, "audience", "open-api", "header", "X-Login",
                "clockSkew", "5s", "maxTokenLifetime", "1h", "keys", List.of(
                        Map.of("kid", "h", "alg", "HS256", "secret", SECRET),
                        Map.of("kid", "r", "alg", "RS256", "publicKey", TestTokens.pem(rsa.getPublic())),
                        Map.of("kid", "e", "alg", "es256", "publicKey", TestTokens.pem(ec.getPublic())))));

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.audience()).isEqualTo("open-api");
        assertThat(settings.header()).isEqualTo("X-Login");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxTokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.keys()).extracting(UserSettings.Key::alg).containsExactly("HS256", "RS256", "ES256");
    }

    @Test
    void acceptsABase64UrlSecretAndNeverPrintsOne() {
        byte[] raw = TestTokens.secret(32);
        raw[0] = (byte) 0xfb;
        raw[1] = (byte) 0xff;
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        UserSettings settings = bindKey("kid", "k1", "alg", "HS256", "secret", urlSafe);

        assertThat(settings.toString()).doesNotContain(urlSafe).contains("secret=***").contains("k1");
        assertThatThrownBy(() -> bindKey("alg", "HS256", "secret", SECRET.substring(0, 20)))
                .hasMessageNotContaining(SECRET.substring(0, 20));
    }

    @Test
    void aShortOrMalformedSecretIsNamed() {
        assertThatThrownBy(() -> bindKey("kid", "k1", "alg", "HS256", "secret", Base64.getEncoder().encodeToString(new byte[31])))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.users.keys[0]")
                .hasMessageContaining("key 'k1': secret must be at least 32 bytes, got 31");
        assertThatThrownBy(() -> bindKey("alg", "HS256", "secret", "not base64 at all!"))
                .hasMessageContaining("key: secret is not valid base64 or base64url");
        assertThatThrownBy(() -> bindKey("alg", "HS256")).hasMessageContaining("HS256 needs secret");
        assertThatThrownBy(() -> bindKey("alg", "HS256", "secret", SECRET, "publicKey", TestTokens.pem(rsa.getPublic())))
                .hasMessageContaining("HS256 takes secret, not publicKey");
    }

    @Test
    void aBadPublicKeyIsNamed() {
        assertThatThrownBy(() -> bindKey("alg", "RS256")).hasMessageContaining("RS256 needs publicKey");
        assertThatThrownBy(() -> bindKey("alg", "RS256", "publicKey", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"))
                .hasMessageContaining("publicKey must be PEM, from -----BEGIN PUBLIC KEY-----");
        assertThatThrownBy(() -> bindKey("alg", "RS256", "publicKey",
                "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----"))
                .hasMessageContaining("publicKey must be PEM");
        assertThatThrownBy(() -> bindKey("alg", "RS256", "publicKey", "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("publicKey is not valid PEM: its body is not base64");
        assertThatThrownBy(() -> bindKey("alg", "RS256", "publicKey", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("publicKey is not an RSA public key, which RS256 needs");
        assertThatThrownBy(() -> bindKey("alg", "RS256", "publicKey", TestTokens.pem(rsa.getPublic()), "secret", SECRET))
                .hasMessageContaining("RS256 takes publicKey, not secret");
    }

    @Test
    void aKeyOfTheWrongKindOrStrengthIsNamed() {
        assertThatThrownBy(() -> bindKey("alg", "RS256", "publicKey", TestTokens.pem(TestTokens.rsa(1024).getPublic())))
                .hasMessageContaining("publicKey must be an RSA key of at least 2048 bits, got 1024");
        assertThatThrownBy(() -> bindKey("alg", "RS256", "publicKey", TestTokens.pem(ec.getPublic())))
                .hasMessageContaining("publicKey is not an RSA public key, which RS256 needs");
        assertThatThrownBy(() -> bindKey("alg", "ES256", "publicKey", TestTokens.pem(rsa.getPublic())))
                .hasMessageContaining("publicKey is not an EC public key, which ES256 needs");
        assertThatThrownBy(() -> bindKey("alg", "ES256", "publicKey", TestTokens.pem(TestTokens.ec("secp384r1").getPublic())))
                .hasMessageContaining("publicKey must be on curve P-256 for ES256, got P-384");
    }

    @Test
    void anUnknownOrMissingAlgIsNamed() {
        assertThatThrownBy(() -> bindKey("kid", "k1", "alg", "HS512", "secret", SECRET))
                .hasMessageContaining("key 'k1': alg must be HS256, RS256 or ES256, got 'HS512'");
        assertThatThrownBy(() -> bindKey("alg", "none")).hasMessageContaining("alg must be HS256, RS256 or ES256, got 'NONE'");
        assertThatThrownBy(() -> bindKey("secret", SECRET)).hasMessageContaining("key: alg is required (HS256, RS256 or ES256)");
        assertThatThrownBy(() -> bindKey("alg", "HS256", "secret", SECRET, "kty", "oct"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.users.keys[0].kty is not a known key");
    }

    @Test
    void kidsMustBeDistinctAndPresentWhenThereAreSeveralKeys() {
        Map<String, Object> k1 = Map.of("kid", "k1", "alg", "HS256", "secret", SECRET);
        assertThatThrownBy(() -> bind(Map.of("issuer", TestTokens.ISSUER, "keys", List.of(k1, k1))))
                .hasMessageContaining("keys: kid 'k1' is configured twice");
        assertThatThrownBy(() -> bind(Map.of("issuer", TestTokens.ISSUER, "keys",
                List.of(k1, Map.of("alg", "HS256", "secret", SECRET)))))
                .hasMessageContaining("keys: every key needs a kid when there are several");
    }

    @Test
    void keysNeedAnIssuer() {
        assertThatThrownBy(() -> bind(Map.of("keys", List.of(Map.of("alg", "HS256", "secret", SECRET)))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("issuer is required with keys");
    }

    @Test
    void theHeaderMustBeAHeaderNameThatIsNotTheAppsOrTheGatewaysOwn() {
        assertThatThrownBy(() -> bind(Map.of("header", "X User"))).hasMessageContaining("header must be an HTTP header name");
        assertThatThrownBy(() -> bind(Map.of("header", "authorization"))).hasMessageContaining("header must not be Authorization");
        assertThatThrownBy(() -> bind(Map.of("header", "X-Shallot-User"))).hasMessageContaining("or an X-Shallot-* header");
    }

    @Test
    void durationsMustMakeSense() {
        assertThatThrownBy(() -> UserSettings.disabled().withClockSkew(Duration.ofSeconds(-1)))
                .hasMessageContaining("clockSkew must not be negative");
        assertThatThrownBy(() -> bind(Map.of("maxTokenLifetime", "0s"))).hasMessageContaining("maxTokenLifetime must be positive");
    }
}
