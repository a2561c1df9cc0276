package alknet.auth;

import alknet.api.Identity;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** 20-auth-config.md section 3: the reference's compact token, valid for +-300 s. */
class CompactTokenTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;
    private KeyPair alice;
    private KeyPair mallory;
    private AuthConfig config;

    @BeforeEach
    void keys() {
        SshKeyPair aliceFiles = SshKeys.generateEd25519(dir, "alice");
        alice = PrivateKeyFiles.load(aliceFiles.privateKey());
        mallory = PrivateKeyFiles.load(SshKeys.generateEd25519(dir, "mallory").privateKey());
        config = AuthConfig.builder().authorizedKeys(AuthorizedKeys.parse("test", List.of(aliceFiles.publicKeyLine())))
                .tokens(TokenSettings.ENABLED).build();
    }

    private TokenCheck verify(String token) {
        return new TokenVerifier(Clock.fixed(NOW, ZoneOffset.UTC)).verify(token, config);
    }

    @Test
    void validWithinThreeHundredSecondsEitherWay() {
        String token = CompactToken.mint(alice, NOW.minusSeconds(300));
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(104);
        assertThat(verify(token).identity()).map(Identity::id).contains(KeyFingerprint.of(alice.getPublic()));
        assertThat(verify(CompactToken.mint(alice, NOW.plusSeconds(300)))).isInstanceOf(TokenCheck.Accepted.class);
    }

    @Test
    void expiredAndFutureDated() {
        assertThat(verify(CompactToken.mint(alice, NOW.minusSeconds(301)))).isEqualTo(new TokenCheck.Rejected(TokenRejection.EXPIRED));
        assertThat(verify(CompactToken.mint(alice, NOW.plusSeconds(301)))).isEqualTo(new TokenCheck.Rejected(TokenRejection.FUTURE_DATED));
    }

    @Test
    void badSignatureAndUnknownKey() {
        byte[] bytes = Base64.getUrlDecoder().decode(CompactToken.mint(alice, NOW));
        bytes[39] ^= 1; // the signed timestamp
        assertThat(verify(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)))
                .isEqualTo(new TokenCheck.Rejected(TokenRejection.BAD_SIGNATURE));
        assertThat(verify(CompactToken.mint(mallory, NOW))).isEqualTo(new TokenCheck.Rejected(TokenRejection.UNKNOWN_KID));
    }

    @Test
    void wrongLengthIsMalformed() {
        assertThat(verify(CompactToken.mint(alice, NOW).substring(4))).isEqualTo(new TokenCheck.Rejected(TokenRejection.MALFORMED));
    }
}
