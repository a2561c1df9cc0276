package alknet.auth;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain-key login against authorized_keys lines with options: the lines of one key are tried top to bottom as
 * sshd does, the first that allows the login decides the restrictions, else the first line's reason is logged.
 */
class KeyLoginCheckTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final PublicKey alice = newKey();
    private final PublicKey bob = newKey();

    private static PublicKey newKey() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256).getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String line(String options, PublicKey key) {
        return (options.isEmpty() ? "" : options + " ") + PublicKeyEntry.toString(key);
    }

    private static AuthConfig config(String... lines) {
        return AuthConfig.of(AuthorizedKeys.parse("ak", List.of(lines), ZoneOffset.UTC));
    }

    private static String outcome(KeyLoginCheck check) {
        return check instanceof KeyLoginCheck.Rejected r ? r.reason()
                : "accept " + ((KeyLoginCheck.Accepted) check).restrictions();
    }

    @Test
    void eachLoginConditionHasItsReason() {
        AuthConfig config = config(line("from=\"10.9.9.9\"", alice), line("expiry-time=\"20200101\"", bob));
        assertThat(outcome(config.checkKey(alice, "127.0.0.1", NOW))).isEqualTo("key-source");
        assertThat(outcome(config.checkKey(alice, "10.9.9.9", NOW))).startsWith("accept");
        assertThat(outcome(config.checkKey(alice, null, NOW))).as("no address (relay)").isEqualTo("key-source");
        assertThat(outcome(config.checkKey(bob, "127.0.0.1", NOW))).isEqualTo("key-expired");
        assertThat(outcome(config(line("command=\"/bin/false\"", alice)).checkKey(alice, "127.0.0.1", NOW)))
                .isEqualTo("key-command");
        assertThat(outcome(config(line("", bob)).checkKey(alice, "127.0.0.1", NOW))).isEqualTo("unknown-key");
    }

    @Test
    void theFirstLineThatAllowsTheLoginDecides() {
        AuthConfig config = config(line("from=\"10.9.9.9\"", alice), line("restrict", alice), line("", alice));
        assertThat(outcome(config.checkKey(alice, "10.9.9.9", NOW))).isEqualTo("accept permitopen=any permitlisten=any");
        assertThat(outcome(config.checkKey(alice, "127.0.0.1", NOW))).isEqualTo("accept no-port-forwarding");
    }

    @Test
    void whenNoLineAllowsTheFirstReasonIsReported() {
        AuthConfig config = config(line("expiry-time=\"20200101\"", alice), line("from=\"10.9.9.9\"", alice));
        assertThat(outcome(config.checkKey(alice, "127.0.0.1", NOW))).isEqualTo("key-expired");
    }

    @Test
    void theIdentityIsTheKeysWhicheverLineDecides() {
        KeyLoginCheck check = config(line("restrict", alice)).checkKey(alice, "127.0.0.1", NOW);
        assertThat(((KeyLoginCheck.Accepted) check).identity().id()).isEqualTo(KeyFingerprint.of(alice));
    }

    @Test
    void aCaLineIsNoLoginLine() {
        assertThat(outcome(config(line("cert-authority", alice)).checkKey(alice, "127.0.0.1", NOW))).isEqualTo("unknown-key");
    }

    @Test
    void keysWithLoginConditionsDoNotSignTokens() {
        AuthorizedKeys keys = AuthorizedKeys.parse("ak", List.of(line("from=\"127.0.0.1\"", alice), line("restrict", bob)));
        assertThat(keys.tokenSigningKeys()).containsExactly(bob);
        AuthorizedKeys twice = AuthorizedKeys.parse("ak", List.of(line("from=\"127.0.0.1\"", alice), line("", alice)));
        assertThat(twice.tokenSigningKeys()).as("an unconditional line for the same key").containsExactly(alice);
    }
}
