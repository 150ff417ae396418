package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.gateway.auth.internal.MasterKey;
import io.shallot.mvc.config.Config;
import io.shallot.mvc.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthSettingsTest {

    private static AuthSettings bind(Map<String, Object> auth) {
        return Config.of(Map.of("gateway", Map.of("auth", auth))).view("gateway.auth", AuthSettings.class);
    }

    @Test
    void anAbsentSectionTakesTheDefaults() {
        AuthSettings settings = Config.of(Map.of()).view("gateway.auth", AuthSettings.class);

        assertThat(settings).isEqualTo(AuthSettings.defaults());
        assertThat(settings.tokenTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.expiredMarkerGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.signatureWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.rotationGrace()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.appCacheTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.tokenCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.adminToken()).isNull();
        assertThat(settings.masterKey()).isNull();
        assertThat(settings.masterKeyFile()).isEqualTo("data/gateway/master.key");
    }

    @Test
    void bindsDurationsAndCredentials() {
        AuthSettings settings = bind(Map.of("tokenTtl", "15m", "signatureWindow", "60s", "rotationGrace", "0s",
                "adminToken", "a-long-enough-admin-token", "masterKey", AuthHarness.MASTER_KEY, "tokenCacheTtl", "0s"));

        assertThat(settings.tokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.signatureWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.rotationGrace()).isZero();
        assertThat(settings.tokenCacheTtl()).isZero();
        assertThat(settings.adminToken()).isEqualTo("a-long-enough-admin-token");
    }

    @Test
    void refusesUnknownKeysAndBadValuesNamingThem() {
        assertThatThrownBy(() -> bind(Map.of("tokenTTL", "1h"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.auth.tokenTTL is not a known key").hasMessageContaining("tokenTtl");
        assertThatThrownBy(() -> bind(Map.of("tokenTtl", "soon"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.auth.tokenTtl");
        assertThatThrownBy(() -> bind(Map.of("tokenTtl", "0s"))).hasMessageContaining("tokenTtl must be positive");
        assertThatThrownBy(() -> bind(Map.of("adminToken", "short"))).hasMessageContaining(
                "adminToken must be at least 16 characters");
        assertThatThrownBy(() -> bind(Map.of("masterKey", "c2hvcnQ="))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("masterKey must be 32 bytes in base64, got 5 bytes").hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> bind(Map.of("masterKey", "not base64 at all!"))).hasMessageContaining(
                "masterKey is not valid base64");
    }

    @Test
    void acceptsUrlSafeMasterKeysAndNeverPrintsCredentials() {
        byte[] key = new byte[32];
        key[0] = (byte) 0xfb;
        key[1] = (byte) 0xff;
        String urlSafe = Base64.getUrlEncoder().encodeToString(key);
        AuthSettings settings = AuthSettings.defaults().withMasterKey(urlSafe).withAdminToken("a-long-enough-admin-token");

        assertThat(AuthSettings.masterKeyBytes(urlSafe)).isEqualTo(key);
        assertThat(settings.toString()).doesNotContain(urlSafe).doesNotContain("a-long-enough-admin-token")
                .contains("adminToken=***");
    }

    @Test
    void withoutAMasterKeyADevelopmentKeyFileIsCreatedOnceOwnerOnlyAndReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/master.key");
        AuthSettings settings = AuthSettings.defaults().withMasterKeyFile(file.toString());

        byte[] created = MasterKey.resolve(settings);
        byte[] reused = MasterKey.resolve(settings);

        assertThat(created).hasSize(32).isEqualTo(reused);
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).isEqualTo(created);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
        assertThat(MasterKey.resolve(settings.withMasterKey(AuthHarness.MASTER_KEY)))
                .isEqualTo(Base64.getDecoder().decode(AuthHarness.MASTER_KEY));
    }

    @Test
    void aDamagedDevelopmentKeyFileIsReportedByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        Files.writeString(file, "too short");

        assertThatThrownBy(() -> MasterKey.resolve(AuthSettings.defaults().withMasterKeyFile(file.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(file.toString());
    }
}
