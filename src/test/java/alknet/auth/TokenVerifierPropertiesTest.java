package alknet.auth;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** 20-auth-config.md section 3: whatever a client sends, the verifier answers with a reason, never an exception. */
class TokenVerifierPropertiesTest {
    private static KeyPair key;
    private static AuthConfig config;
    private static String valid;

    @BeforeContainer
    static void keys() throws Exception {
        key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        config = AuthConfig.builder().identity(key.getPublic(), java.util.List.of("relay:connect"), java.util.Map.of())
                .tokens(TokenSettings.ENABLED.withKeys(java.util.List.of(key.getPublic()))).build();
        valid = new TokenIssuer(key, Clock.systemUTC()).issue(Duration.ofSeconds(60));
    }

    private static TokenCheck verify(String token) {
        return new TokenVerifier(Clock.systemUTC()).verify(token, config);
    }

    @Property
    void randomStringsAreRejectedWithAReason(@ForAll String token) {
        assertThat(verify(token)).isInstanceOf(TokenCheck.Rejected.class);
    }

    @Property
    void randomJwsShapedStringsAreRejected(@ForAll("jwsShaped") String token) {
        assertThat(verify(token)).isInstanceOf(TokenCheck.Rejected.class);
    }

    @Property
    void randomCompactSizedBytesAreRejected(@ForAll("compactSized") byte[] bytes) {
        TokenCheck check = verify(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        assertThat(check).isIn(new TokenCheck.Rejected(TokenRejection.UNKNOWN_KID), new TokenCheck.Rejected(TokenRejection.MALFORMED));
    }

    @Property
    void everySingleCharacterChangeOfAValidTokenIsRejected(@ForAll("positions") int position, @ForAll("base64url") char c) {
        if (valid.charAt(position) == c || position == valid.length() - 1) {
            return; // the last character's low bits are padding: some changes decode to the same bytes
        }
        String changed = valid.substring(0, position) + c + valid.substring(position + 1);
        assertThat(verify(changed)).isInstanceOf(TokenCheck.Rejected.class);
    }

    @Provide
    Arbitrary<String> jwsShaped() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=").ofMaxLength(120),
                Arbitraries.strings().ofMaxLength(60).map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes())),
                Arbitraries.of("{\"alg\":\"EdDSA\",\"kid\":1}", "{\"alg\":\"EdDSA\",\"kid\":\"x\"}", "[]", "{\"iat\":\"x\",\"exp\":1e400}",
                        "{\"iat\":1,\"exp\":99999999999999999999999}", "{\"scope\":7}", "null", "{")
                        .map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes())));
        return part.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts));
    }

    @Provide
    Arbitrary<byte[]> compactSized() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(100).ofMaxSize(108);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, valid.length() - 1);
    }

    @Provide
    Arbitrary<Character> base64url() {
        return Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.".toCharArray());
    }
}
