package io.shallot.gateway.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private final SecretCipher cipher = new SecretCipher(Secrets.randomBytes(32));

    @Test
    void opensWhatItSealed() {
        String secret = Secrets.random();

        assertThat(cipher.open(cipher.seal(secret, "app_a", "sec_1"), "app_a", "sec_1")).isEqualTo(secret);
    }

    @Test
    void aSealedSecretOpensOnlyForItsAppAndIdUnderItsKey() {
        String sealed = cipher.seal("secret", "app_a", "sec_1");

        assertThatThrownBy(() -> cipher.open(sealed, "app_b", "sec_1")).isInstanceOf(IllegalStateException.class)
                .hasMessage("secret sec_1 of app app_b does not decrypt under the configured master key (was the key changed?)");
        assertThatThrownBy(() -> cipher.open(sealed, "app_a", "sec_2")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretCipher(Secrets.randomBytes(32)).open(sealed, "app_a", "sec_1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesDamagedValuesWithoutQuotingThem() {
        String sealed = cipher.seal("secret", "app_a", "sec_1");
        int middle = sealed.length() / 2;
        String flipped = sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A')
                + sealed.substring(middle + 1);

        for (String damaged : new String[] {flipped, "v1:", "v1:!!", "v2:" + sealed.substring(3), null}) {
            assertThatThrownBy(() -> cipher.open(damaged, "app_a", "sec_1")).isInstanceOf(IllegalStateException.class)
                    .hasMessageNotContaining("v1:");
        }
    }

    @Test
    void comparesInConstantTimeButCorrectly() {
        assertThat(Secrets.same("abc", "abc")).isTrue();
        assertThat(Secrets.same("abc", "abd")).isFalse();
        assertThat(Secrets.same("abc", "abcd")).isFalse();
        assertThat(Secrets.same(null, "abc")).isFalse();
    }

    @Test
    void hashesWithSha256AgainAndAgain() {
        for (int i = 0; i < 3; i++) {
            assertThat(Secrets.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }
        assertThat(Secrets.sha256Hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void generatesWellShapedUniqueCredentials() {
        assertThat(Secrets.random()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(Secrets.random());
        assertThat(Secrets.secretId()).matches("sec_[A-Za-z0-9_-]{12}");
        assertThat(Secrets.appid()).matches("app_[A-Za-z0-9_-]{16}");
    }
}
