package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignerTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void buildsTheDocumentedCanonicalRequest() {
        String canonical = Signer.canonical("get", "/v1/a%7eb/c d?b=2&a=1&a=0&empty&&x=%2B+", HELLO, 1_700_000_000L,
                "nonce-nonce-nonce");

        assertThat(canonical).isEqualTo("""
                SHALLOT-HMAC-SHA256
                GET
                /v1/a~b/c%20d
                a=0&a=1&b=2&empty=&x=%2B%20
                2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
                1700000000
                nonce-nonce-nonce""");
    }

    @Test
    void signsWithHmacSha256OfTheSecret() {
        Map<String, String> headers = new Signer("secret-key").sign("GET", "/v1/a%7eb/c d?b=2&a=1&a=0&empty&&x=%2B+",
                HELLO, 1_700_000_000L, "nonce-nonce-nonce");

        assertThat(headers).containsExactly(
                Map.entry(Signer.TIMESTAMP, "1700000000"),
                Map.entry(Signer.NONCE, "nonce-nonce-nonce"),
                Map.entry(Signer.SIGNATURE, "05f83ae39df781a8ff95132f535ede54894fe18ae57aa2e8155a03de93c6967d"));
    }

    @Test
    void encodingVariantsAndParameterOrderSignAlike() {
        String one = Signer.canonical("POST", "/x/%E4%BD%A0?q=a+b&p=%7e", null, 1, "n");
        String other = Signer.canonical("POST", "/x/%e4%bd%a0?p=~&q=a%20b", new byte[0], 1, "n");

        assertThat(one).isEqualTo(other).contains("/x/%E4%BD%A0\np=~&q=a%20b\n");
        assertThat(Signer.canonical("POST", "/x", null, 1, "n")).isNotEqualTo(Signer.canonical("POST", "/x?", null, 2, "n"));
        assertThat(Signer.canonical("POST", "/a+b", null, 1, "n")).contains("\n/a%2Bb\n");
    }

    @Test
    void refusesMalformedEscapes() {
        assertThatThrownBy(() -> Signer.canonical("GET", "/a%4", null, 1, "n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated escape");
        assertThatThrownBy(() -> Signer.canonical("GET", "/a?x=%G1", null, 1, "n"))
                .hasMessageContaining("malformed escape");
    }

    @Test
    void freshSignaturesHaveFreshNoncesAndHideTheSecret() {
        Signer signer = new Signer("secret-key");

        assertThat(signer.sign("GET", "/", null).get(Signer.NONCE)).isNotEqualTo(signer.sign("GET", "/", null)
                .get(Signer.NONCE)).matches("[A-Za-z0-9_-]{16,64}");
        assertThat(signer.toString()).doesNotContain("secret-key");
    }
}
