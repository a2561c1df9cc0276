package alknet.auth;

import alknet.api.Identity;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** 20-auth-config.md section 1: identities come from the current config, read on every call. */
class ConfigIdentityProviderTest {
    @TempDir
    Path dir;
    private SshKeyPair ops;
    private SshKeyPair plain;
    private SshKeyPair ca;

    @BeforeEach
    void keys() {
        ops = SshKeys.generateEd25519(dir, "ops");
        plain = SshKeys.generateEd25519(dir, "plain");
        ca = SshKeys.generateEd25519(dir, "ca");
    }

    private AuthorizedKeys authorizedKeys(String... extraLines) {
        List<String> lines = new java.util.ArrayList<>(List.of(ops.publicKeyLine(), plain.publicKeyLine(),
                "cert-authority " + ca.publicKeyLine()));
        lines.addAll(List.of(extraLines));
        return AuthorizedKeys.parse("test", lines);
    }

    @Test
    void keyWithAnIdentityEntryGetsItsScopesAndOthersTheDefault() {
        AuthConfig config = AuthConfig.builder().authorizedKeys(authorizedKeys())
                .identity(CertificateFiles.publicKey(ops.publicKey()), List.of("relay:connect", "admin:reload"),
                        Map.of("node", List.of("*")))
                .build();
        ConfigIdentityProvider provider = new ConfigIdentityProvider(() -> config);

        assertThat(provider.byFingerprint(ops.fingerprint()).result()).contains(new Identity(ops.fingerprint(),
                List.of("relay:connect", "admin:reload"), Map.of("node", List.of("*"))));
        assertThat(provider.byFingerprint(plain.fingerprint()).result())
                .contains(new Identity(plain.fingerprint(), List.of("relay:connect"), Map.of()));
        assertThat(provider.byFingerprint("SHA256:unknown").result()).isEmpty();
    }

    @Test
    void configuredDefaultScopesApply() {
        AuthConfig config = AuthConfig.builder().authorizedKeys(authorizedKeys()).defaultScopes(List.of("a:b")).build();
        assertThat(new ConfigIdentityProvider(() -> config).byFingerprint(plain.fingerprint()).result())
                .map(Identity::scopes).contains(List.of("a:b"));
    }

    @Test
    void anIdentityEntryAloneDoesNotAuthorizeAKey() {
        SshKeyPair stranger = SshKeys.generateEd25519(dir, "stranger");
        AuthConfig config = AuthConfig.builder().authorizedKeys(authorizedKeys())
                .identity(CertificateFiles.publicKey(stranger.publicKey()), List.of("admin:reload"), Map.of()).build();
        assertThat(config.keyIdentity(stranger.fingerprint())).isEmpty();
    }

    @Test
    void caKeyIsNotALoginKeyUnlessAlsoListedAsAPlainKey() {
        AuthConfig caOnly = AuthConfig.of(authorizedKeys());
        assertThat(caOnly.certAuthorities()).extracting(CertAuthority::fingerprint).containsExactly(ca.fingerprint());
        assertThat(new ConfigIdentityProvider(() -> caOnly).byFingerprint(ca.fingerprint()).result()).isEmpty();

        AuthConfig alsoPlain = AuthConfig.of(authorizedKeys(ca.publicKeyLine()));
        assertThat(new ConfigIdentityProvider(() -> alsoPlain).byFingerprint(ca.fingerprint()).result()).isPresent();
    }

    @Test
    void caPublicKeyIsNotACertificate() {
        // The cert path takes OpenSshCertificate only: MINA parses a plain key blob into a plain PublicKey,
        // which goes to the plain-key lookup above, never to the validator.
        assertThat(CertificateFiles.publicKey(ca.publicKey()))
                .isNotInstanceOf(org.apache.sshd.common.config.keys.OpenSshCertificate.class);
    }

    @Test
    void certificateLoginUsesTheCaEntryScopesAndTheCurrentConfig() {
        Path cert = SshKeys.signUserCertificate(ca, plain, "id", "alice", null);
        AuthConfig withScopes = AuthConfig.builder().authorizedKeys(authorizedKeys())
                .certAuthority(CertificateFiles.publicKey(ca.publicKey()), List.of("db:connect"), Map.of("service", List.of("gitea")))
                .build();
        AtomicReference<AuthConfig> current = new AtomicReference<>(withScopes);
        ConfigIdentityProvider provider = new ConfigIdentityProvider(current::get);

        CertificateCheck check = provider.checkCertificate(CertificateFiles.certificate(cert), "alice", "127.0.0.1");
        assertThat(((CertificateCheck.Accepted) check).identity()).isEqualTo(new Identity(plain.fingerprint(),
                List.of("db:connect", "principal:alice"), Map.of("service", List.of("gitea"))));

        current.set(AuthConfig.of(AuthorizedKeys.parse("reloaded", List.of(ops.publicKeyLine()))));
        assertThat(provider.checkCertificate(CertificateFiles.certificate(cert), "alice", "127.0.0.1"))
                .isEqualTo(new CertificateCheck.Rejected("unknown-ca"));
    }

    @Test
    void certAuthorityLineWithoutAnEntryGetsTheDefaultScopes() {
        Path cert = SshKeys.signUserCertificate(ca, plain, "id", "alice", null);
        ConfigIdentityProvider provider = new ConfigIdentityProvider(() -> AuthConfig.of(authorizedKeys()));
        CertificateCheck check = provider.checkCertificate(CertificateFiles.certificate(cert), "alice", "127.0.0.1");
        assertThat(((CertificateCheck.Accepted) check).identity().scopes()).containsExactly("relay:connect", "principal:alice");
    }

    @Test
    void tokensResolveThroughTheProvider() {
        AuthConfig config = AuthConfig.builder().authorizedKeys(authorizedKeys()).tokens(TokenSettings.ENABLED).build();
        ConfigIdentityProvider provider = new ConfigIdentityProvider(() -> config);
        String token = new TokenIssuer(PrivateKeyFiles.load(plain.privateKey()), java.time.Clock.systemUTC())
                .issue(java.time.Duration.ofSeconds(60));

        Optional<Identity> identity = provider.byToken(token, null).result();
        assertThat(identity).map(Identity::id).contains(plain.fingerprint());
        assertThat(provider.byToken("nonsense", null).result()).isEmpty();
    }
}
