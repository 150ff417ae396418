package io.shallot.gateway.user.internal;

import static io.shallot.gateway.user.TestTokens.ISSUER;
import static io.shallot.gateway.user.TestTokens.claims;
import static io.shallot.gateway.user.TestTokens.hmac;
import static io.shallot.gateway.user.TestTokens.sign;
import static io.shallot.gateway.user.TestTokens.signer;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.user.GatewayUser;
import io.shallot.gateway.user.TestTokens;
import io.shallot.gateway.user.UserSettings;
import io.shallot.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verifier against tokens minted here with nimbus, on a clock the test moves. */
class UserTokensTest {
    private static final Instant NOW = Instant.parse("2030-01-15T09:00:00Z");
    private static final byte[] SECRET = TestTokens.secret(64);
    private static KeyPair rsa;
    private static KeyPair ec;

    private MutableClock clock;
    private UserTokens tokens;

    @BeforeAll
    static void keys() {
        rsa = TestTokens.rsa(2048);
        ec = TestTokens.ec("secp256r1");
    }

    @BeforeEach
    void verifier() {
        clock = new MutableClock(NOW);
        tokens = verifier(settings());
    }

    private static UserSettings settings() {
        return UserSettings.of(ISSUER, List.of(TestTokens.hs256("h1", SECRET), TestTokens.rs256("r1", rsa),
                TestTokens.es256("e1", ec)));
    }

    private UserTokens verifier(UserSettings settings) {
        return new UserTokens(settings, clock);
    }

    private static String hs(UnaryOperator<JWTClaimsSet.Builder> change) {
        return TestTokens.hs256("h1", SECRET, "ann", NOW, change);
    }

    private static String good() {
        return hs(c -> c);
    }

    private void assertInvalid(String token) {
        Verdict verdict = tokens.verify(token);
        assertThat(verdict.user()).as(verdict.reason()).isNull();
        assertThat(verdict.refusal()).as(verdict.reason()).isEqualTo(Refusal.INVALID_USER_TOKEN);
    }

    private void assertExpired(String token) {
        Verdict verdict = tokens.verify(token);
        assertThat(verdict.user()).isNull();
        assertThat(verdict.refusal()).as(verdict.reason()).isEqualTo(Refusal.EXPIRED_USER_TOKEN);
    }

    private void assertAccepted(String token, String id) {
        Verdict verdict = tokens.verify(token);
        assertThat(verdict.refusal()).as(verdict.reason()).isNull();
        assertThat(verdict.user().id()).isEqualTo(id);
    }

    @Test
    void acceptsAGoodTokenOfEachAlgorithmAsItsSubject() {
        Verdict verdict = tokens.verify(good());
        assertThat(verdict.user()).isEqualTo(new GatewayUser("ann", NOW, NOW.plus(Duration.ofMinutes(10))));
        assertThat(tokens.verify(hs(c -> c.issueTime(null))).user().issuedAt()).isNull();
        assertAccepted(sign(JWSAlgorithm.RS256, "r1", signer(rsa), claims("bob", NOW).build()), "bob");
        assertAccepted(sign(JWSAlgorithm.ES256, "e1", signer(ec), claims("cy", NOW).build()), "cy");
    }

    @Test
    void refusesASignatureByAnotherKey() {
        assertInvalid(TestTokens.hs256("h1", TestTokens.secret(64), "ann", NOW, c -> c));
        assertInvalid(sign(JWSAlgorithm.RS256, "r1", signer(TestTokens.rsa(2048)), claims("ann", NOW).build()));
        assertInvalid(sign(JWSAlgorithm.ES256, "e1", signer(TestTokens.ec("secp256r1")), claims("ann", NOW).build()));
        assertInvalid(sign(JWSAlgorithm.RS256, "e1", signer(rsa), claims("ann", NOW).build()));
    }

    @Test
    void refusesATamperedPayload() {
        String[] parts = good().split("\\.");
        String forged = Base64URL.encode(claims("mallory", NOW).build().toString()).toString();
        assertInvalid(parts[0] + "." + forged + "." + parts[2]);
        assertInvalid(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2) + "AA");
    }

    @Test
    void refusesAKidThatNamesNoKeyAndAMissingKidAmongSeveralKeys() {
        assertInvalid(TestTokens.hs256("h2", SECRET, "ann", NOW, c -> c));
        assertInvalid(TestTokens.hs256(null, SECRET, "ann", NOW, c -> c));
    }

    @Test
    void withOneKeyATokenMayOmitTheKidButNotNameAnother() {
        tokens = verifier(UserSettings.of(ISSUER, List.of(TestTokens.hs256("only", SECRET))));
        assertAccepted(TestTokens.hs256(null, SECRET, "ann", NOW, c -> c), "ann");
        assertAccepted(TestTokens.hs256("only", SECRET, "ann", NOW, c -> c), "ann");
        assertInvalid(TestTokens.hs256("other", SECRET, "ann", NOW, c -> c));
    }

    @Test
    void acceptsEveryKeyOfARotation() {
        byte[] next = TestTokens.secret(32);
        tokens = verifier(UserSettings.of(ISSUER, List.of(TestTokens.hs256("2024-01", SECRET),
                TestTokens.hs256("2024-06", next))));
        assertAccepted(TestTokens.hs256("2024-01", SECRET, "ann", NOW, c -> c), "ann");
        assertAccepted(TestTokens.hs256("2024-06", next, "bob", NOW, c -> c), "bob");
        assertInvalid(TestTokens.hs256("2024-06", SECRET, "ann", NOW, c -> c));
        // without a kid no key is guessed, whichever signed it
        assertInvalid(TestTokens.hs256(null, SECRET, "ann", NOW, c -> c));
        assertInvalid(TestTokens.hs256(null, next, "ann", NOW, c -> c));
    }

    @Test
    void refusesAnyAlgorithmButItsKeys() throws JOSEException {
        JWTClaimsSet claims = claims("ann", NOW).build();
        // the classic confusion: the RSA public key, which anyone has, used as an HMAC secret
        assertInvalid(sign(JWSAlgorithm.HS256, "r1", hmac(rsa.getPublic().getEncoded()), claims));
        assertInvalid(sign(JWSAlgorithm.HS256, "r1", hmac(TestTokens.pem(rsa.getPublic()).getBytes(StandardCharsets.US_ASCII)),
                claims));
        assertInvalid(sign(JWSAlgorithm.HS512, "h1", hmac(SECRET), claims));
        assertInvalid(sign(JWSAlgorithm.PS256, "r1", signer(rsa), claims));
        assertInvalid(sign(JWSAlgorithm.RS512, "r1", signer(rsa), claims));
        assertInvalid(sign(JWSAlgorithm.ES256, "h1", signer(ec), claims));
        String payload = Base64URL.encode(claims.toString()).toString();
        for (String header : List.of("{\"alg\":\"none\"}", "{\"alg\":\"none\",\"kid\":\"h1\"}", "{\"alg\":\"None\",\"kid\":\"h1\"}")) {
            String unsecured = Base64URL.encode(header).toString() + "." + payload + ".";
            assertInvalid(unsecured);
            assertInvalid(unsecured + good().split("\\.")[2]);
        }
    }

    @Test
    void refusesAJweEvenOneEncryptedWithTheSharedSecret() throws JOSEException {
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM).keyID("h1").build(),
                new Payload(claims("ann", NOW).build().toJSONObject()));
        jwe.encrypt(new DirectEncrypter(Arrays.copyOf(SECRET, 32)));
        String token = jwe.serialize();
        assertThat(token.split("\\.")).hasSize(5);
        assertInvalid(token);
        assertInvalid(good() + ".AAAA.BBBB");
    }

    @Test
    void anExpiredTokenIsToldApartOnlyWithinTheSkewAndOnlyWhenAllElseChecksOut() {
        assertAccepted(hs(c -> c.expirationTime(Date.from(NOW.minusSeconds(29)))), "ann");
        assertExpired(hs(c -> c.expirationTime(Date.from(NOW.minusSeconds(31)))));
        assertInvalid(hs(c -> c.expirationTime(Date.from(NOW.minusSeconds(31))).issuer("https://elsewhere.test")));
        assertInvalid(TestTokens.hs256("h1", TestTokens.secret(64), "ann", NOW, c -> c.expirationTime(Date.from(NOW.minusSeconds(60)))));
    }

    @Test
    void refusesATokenNotYetValidOrIssuedInTheFuture() {
        assertAccepted(hs(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(29)))), "ann");
        assertInvalid(hs(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(31)))));
        assertAccepted(hs(c -> c.issueTime(Date.from(NOW.plusSeconds(29)))), "ann");
        assertInvalid(hs(c -> c.issueTime(Date.from(NOW.plusSeconds(31)))));
    }

    @Test
    void refusesATokenWithoutExpOrLivingLongerThanAllowed() {
        assertInvalid(hs(c -> c.expirationTime(null)));
        assertAccepted(hs(c -> c.expirationTime(Date.from(NOW.plus(Duration.ofHours(24))))), "ann");
        assertInvalid(hs(c -> c.expirationTime(Date.from(NOW.plus(Duration.ofHours(24)).plusSeconds(1)))));
        // without iat the lifetime counts from now
        assertAccepted(hs(c -> c.issueTime(null).expirationTime(Date.from(NOW.plus(Duration.ofHours(23))))), "ann");
        assertInvalid(hs(c -> c.issueTime(null).expirationTime(Date.from(NOW.plus(Duration.ofHours(25))))));
        // an old iat cannot stretch it either
        assertInvalid(hs(c -> c.issueTime(Date.from(NOW.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(23))))));
        tokens = verifier(settings().withMaxTokenLifetime(Duration.ofMinutes(5)));
        assertInvalid(good());
    }

    @Test
    void refusesAnotherIssuerOrAudience() {
        assertInvalid(hs(c -> c.issuer("https://login.test/")));
        assertInvalid(hs(c -> c.issuer(null)));
        tokens = verifier(settings().withAudience("open-api"));
        assertInvalid(good());
        assertInvalid(hs(c -> c.audience("other-api")));
        assertAccepted(hs(c -> c.audience("open-api")), "ann");
        assertAccepted(hs(c -> c.audience(List.of("other-api", "open-api"))), "ann");
    }

    @Test
    void refusesASubjectThatCannotTravelInAHeader() {
        assertInvalid(hs(c -> c.subject(null)));
        assertInvalid(hs(c -> c.subject("")));
        assertInvalid(hs(c -> c.subject("ann smith")));
        assertInvalid(hs(c -> c.subject("ann\r\nX-Shallot-Appid: evil")));
        assertInvalid(hs(c -> c.subject("zoë")));
        assertInvalid(hs(c -> c.subject("a".repeat(129))));
        assertAccepted(hs(c -> c.subject("a".repeat(128))), "a".repeat(128));
        assertAccepted(hs(c -> c.subject("u:42|tenant=7~!")), "u:42|tenant=7~!");
    }

    @Test
    void refusesATokenOver8KiBUnparsedAndGarbage() {
        String big = hs(c -> c.claim("pad", "x".repeat(7000)));
        assertThat(big.length()).isGreaterThan(UserTokens.MAX_TOKEN_CHARS);
        assertInvalid(big);
        assertThat(tokens.signatureChecks()).isZero();
        String large = hs(c -> c.claim("pad", "x".repeat(5000)));
        assertThat(large.length()).isLessThanOrEqualTo(UserTokens.MAX_TOKEN_CHARS);
        assertAccepted(large, "ann");
        long checked = tokens.signatureChecks();
        for (String garbage : List.of("", "not a token", "a.b.c", "..", "e30.e30.", good().replace('.', '~'),
                Base64URL.encode("{\"alg\":\"HS256\",\"kid\":\"h1\"}") + ".bm90IGpzb24." + "AAAA")) {
            assertInvalid(garbage);
        }
        assertThat(tokens.signatureChecks()).isEqualTo(checked + 1);
    }

    @Test
    void refusesAPayloadThatIsNotAClaimsSet() throws JOSEException {
        JWSObject notClaims = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("h1").build(), new Payload("[1, 2]"));
        notClaims.sign(hmac(SECRET));
        assertInvalid(notClaims.serialize());
        assertInvalid(hs(c -> c.claim("exp", "tomorrow")));
        assertInvalid(hs(c -> c.claim("sub", List.of("ann"))));
    }

    @Test
    void checksASignatureOnceAndTrustsTheCacheOnlyUntilTheTokenExpires() {
        String token = good();
        assertAccepted(token, "ann");
        assertAccepted(token, "ann");
        assertThat(tokens.signatureChecks()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(10).plusSeconds(29));
        assertAccepted(token, "ann");
        clock.advance(Duration.ofSeconds(2));
        assertExpired(token);
        assertExpired(token);
        assertThat(tokens.signatureChecks()).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsNotRemembered() {
        String early = hs(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(60))));
        assertInvalid(early);
        clock.advance(Duration.ofSeconds(60));
        assertAccepted(early, "ann");
        assertThat(tokens.signatureChecks()).isEqualTo(2);
    }
}
