package alknet.auth;

import alknet.api.Identity;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 20-auth-config.md section 2: certificates made by the real {@code ssh-keygen -s} are validated by alknet's own
 * rules, each rejection with its exact log reason.
 */
class CertificateValidatorTest {
    private static final String CLIENT_IP = "127.0.0.1";

    @TempDir
    Path dir;
    private SshKeyPair ca;
    private SshKeyPair user;
    private List<CertAuthority> authorities;
    private final CertificateValidator validator = new CertificateValidator(Clock.systemUTC());

    @BeforeEach
    void keys() {
        ca = SshKeys.generateEd25519(dir, "user_ca");
        user = SshKeys.generateEd25519(dir, "alice_key");
        authorities = List.of(CertAuthority.of(CertificateFiles.publicKey(ca.publicKey()),
                List.of("relay:connect", "db:connect"), Map.of("node", List.of("dev1"))));
    }

    private OpenSshCertificate sign(String principals, String validity, String... options) {
        return CertificateFiles.certificate(SshKeys.signUserCertificate(ca, user, "alice@test", principals, validity, options));
    }

    private String reason(OpenSshCertificate cert) {
        CertificateCheck check = validator.validate(cert, "alice", CLIENT_IP, authorities);
        return check instanceof CertificateCheck.Rejected r ? r.reason() : "accepted";
    }

    @Test
    void validCertificateGivesTheCertifiedKeyTheCaScopesAndThePrincipal() {
        CertificateCheck check = validator.validate(sign("alice,bob", "-5m:+1h"), "alice", CLIENT_IP, authorities);

        assertThat(check).isInstanceOf(CertificateCheck.Accepted.class);
        CertificateCheck.Accepted accepted = (CertificateCheck.Accepted) check;
        assertThat(accepted.keyFingerprint()).isEqualTo(user.fingerprint());
        assertThat(accepted.authority().fingerprint()).isEqualTo(ca.fingerprint());
        assertThat(accepted.principal()).isEqualTo("alice");
        Identity identity = accepted.identity();
        assertThat(identity.id()).isEqualTo(user.fingerprint());
        assertThat(identity.scopes()).containsExactly("relay:connect", "db:connect", "principal:alice");
        assertThat(identity.resources()).isEqualTo(Map.of("node", List.of("dev1")));
    }

    @Test
    void expiredCertificate() {
        assertThat(reason(sign("alice", "20200101:20200102"))).isEqualTo("cert-expired");
    }

    @Test
    void notYetValidCertificate() {
        assertThat(reason(sign("alice", "+1h:+2h"))).isEqualTo("cert-not-yet-valid");
    }

    @Test
    void sixtySecondsOfClockSkewAreAllowedAtBothEnds() {
        OpenSshCertificate cert = sign("alice", "+1h:+2h");
        long after = cert.getValidAfter();
        long before = cert.getValidBefore();

        assertThat(reasonAt(cert, after - 60)).isEqualTo("accepted");
        assertThat(reasonAt(cert, after - 61)).isEqualTo("cert-not-yet-valid");
        assertThat(reasonAt(cert, before + 59)).isEqualTo("accepted");
        assertThat(reasonAt(cert, before + 60)).isEqualTo("cert-expired");
    }

    private String reasonAt(OpenSshCertificate cert, long epochSecond) {
        Clock at = Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        CertificateCheck check = new CertificateValidator(at).validate(cert, "alice", CLIENT_IP, authorities);
        return check instanceof CertificateCheck.Rejected r ? r.reason() : "accepted";
    }

    @Test
    void userNotAmongThePrincipals() {
        assertThat(reason(sign("bob,carol", null))).isEqualTo("cert-principal");
    }

    @Test
    void certificateWithoutPrincipalsIsRefused() {
        assertThat(reason(sign(null, null))).isEqualTo("cert-principal");
    }

    @Test
    void hostCertificateIsNotAUserCertificate() {
        Path cert = CertificateFiles.signHostCertificate(ca, user, "alice");
        assertThat(reason(CertificateFiles.certificate(cert))).isEqualTo("cert-type");
    }

    @Test
    void certificateFromAnotherCa() {
        SshKeyPair otherCa = SshKeys.generateEd25519(dir, "other_ca");
        Path cert = SshKeys.signUserCertificate(otherCa, user, "alice@test", "alice", null);
        assertThat(reason(CertificateFiles.certificate(cert))).isEqualTo("unknown-ca");
    }

    @Test
    void corruptCaSignature() {
        SshKeys.signUserCertificate(ca, user, "alice@test", "alice", null);
        assertThat(reason(CertificateFiles.withCorruptSignature(user.certificateFile()))).isEqualTo("cert-signature");
    }

    @Test
    void sourceAddressThatDoesNotMatchTheClient() {
        assertThat(reason(sign("alice", null, "source-address=10.0.0.0/8"))).isEqualTo("cert-source");
    }

    @Test
    void sourceAddressThatMatchesTheClient() {
        assertThat(reason(sign("alice", null, "source-address=10.0.0.0/8,127.0.0.0/8"))).isEqualTo("accepted");
    }

    @Test
    void sourceAddressWithoutAClientIpIsRefused() {
        OpenSshCertificate cert = sign("alice", null, "source-address=127.0.0.1");
        CertificateCheck check = validator.validate(cert, "alice", null, authorities);
        assertThat(check).isEqualTo(new CertificateCheck.Rejected("cert-source"));
    }

    @Test
    void forceCommandIsRefused() {
        assertThat(reason(sign("alice", null, "force-command=ls"))).isEqualTo("cert-force-command");
    }

    @Test
    void unknownCriticalOptionIsRefused() {
        assertThat(reason(sign("alice", null, "critical:foo=bar"))).isEqualTo("cert-critical-option");
    }

    @Test
    void rsaAndEcdsaCasAreVerifiedToo() {
        for (String type : List.of("rsa", "ecdsa")) {
            SshKeyPair otherCa = SshKeys.generate(dir, type + "_ca", type, 0);
            Path cert = SshKeys.signUserCertificate(otherCa, user, "alice@test", "alice", null);
            List<CertAuthority> cas = List.of(CertAuthority.of(CertificateFiles.publicKey(otherCa.publicKey()), List.of(), Map.of()));
            assertThat(validator.validate(CertificateFiles.certificate(cert), "alice", CLIENT_IP, cas))
                    .as(type).isInstanceOf(CertificateCheck.Accepted.class);
            assertThat(validator.validate(CertificateFiles.withCorruptSignature(cert), "alice", CLIENT_IP, cas))
                    .as(type).isEqualTo(new CertificateCheck.Rejected("cert-signature"));
        }
    }

    @Test
    void extensionsAreNotCriticalOptions() {
        assertThat(reason(sign("alice", null, "extension:whatever@example.com=1"))).isEqualTo("accepted");
    }
}
