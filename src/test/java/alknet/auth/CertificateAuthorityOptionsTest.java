package alknet.auth;

import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code cert-authority} line's options and the certificate's extensions (sshd(8), PROTOCOL.certkeys), with
 * certificates signed by the real {@code ssh-keygen -s}: {@code principals=}, {@code from=}, {@code restrict}, and no
 * port forwarding without {@code permit-port-forwarding}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateAuthorityOptionsTest {
    @TempDir
    static Path dir;
    private SshKeyPair ca;
    private SshKeyPair user;

    @BeforeAll
    void keys() {
        ca = SshKeys.generateEd25519(dir, "user_ca");
        user = SshKeys.generateEd25519(dir, "alice_key");
    }

    private OpenSshCertificate sign(String principals, String... options) {
        return CertificateFiles.certificate(SshKeys.signUserCertificate(ca, user, "alice@test", principals, "-5m:+1h", options));
    }

    private String outcome(OpenSshCertificate cert, String... caLines) {
        AuthConfig config = AuthConfig.of(AuthorizedKeys.parse("ak", List.of(caLines)));
        CertificateCheck check = new ConfigIdentityProvider(() -> config).checkCertificate(cert, "alice", "127.0.0.1");
        return check instanceof CertificateCheck.Rejected r ? r.reason()
                : "accept " + ((CertificateCheck.Accepted) check).restrictions();
    }

    private String caLine(String options) {
        return options + " " + ca.publicKeyLine();
    }

    @Test
    void principalsOptionNeedsOneOfTheCertificatesPrincipals() {
        assertThat(outcome(sign("alice"), caLine("cert-authority,principals=\"ops\""))).isEqualTo("cert-principal");
        assertThat(outcome(sign("alice,ops"), caLine("cert-authority,principals=\"ops,admins\"")))
                .isEqualTo("accept permitopen=any permitlisten=any");
        // the SSH user must still be a principal (20-auth-config.md section 2): principals= only narrows
        assertThat(outcome(sign("ops"), caLine("cert-authority,principals=\"ops\""))).isEqualTo("cert-principal");
    }

    @Test
    void certificateWithoutPermitPortForwardingDoesNotForward() {
        assertThat(outcome(sign("alice", "clear"), caLine("cert-authority"))).isEqualTo("accept no-port-forwarding");
        assertThat(outcome(sign("alice", "clear", "permit-port-forwarding"), caLine("cert-authority")))
                .isEqualTo("accept permitopen=any permitlisten=any");
        assertThat(outcome(sign("alice", "no-port-forwarding"), caLine("cert-authority")))
                .isEqualTo("accept no-port-forwarding");
    }

    @Test
    void caLineRestrictionsApplyToEveryCertificateItSigned() {
        assertThat(outcome(sign("alice"), caLine("cert-authority,restrict"))).isEqualTo("accept no-port-forwarding");
        assertThat(outcome(sign("alice", "clear"), caLine("cert-authority,restrict,port-forwarding")))
                .as("the certificate's missing extension still wins").isEqualTo("accept no-port-forwarding");
        assertThat(outcome(sign("alice"), caLine("cert-authority,permitopen=\"db:5432\"")))
                .isEqualTo("accept permitopen=[db:5432] permitlisten=any");
        assertThat(outcome(sign("alice"), caLine("cert-authority,from=\"10.9.9.9\""))).isEqualTo("key-source");
        assertThat(outcome(sign("alice"), caLine("cert-authority,expiry-time=\"20200101\""))).isEqualTo("key-expired");
        assertThat(outcome(sign("alice"), caLine("cert-authority,command=\"/bin/false\""))).isEqualTo("key-command");
    }

    @Test
    void caLinesAreTriedInOrder() {
        assertThat(outcome(sign("alice"), caLine("cert-authority,from=\"10.9.9.9\""), caLine("cert-authority,restrict")))
                .isEqualTo("accept no-port-forwarding");
        assertThat(outcome(sign("alice"), caLine("cert-authority,from=\"10.9.9.9\""),
                caLine("cert-authority,principals=\"ops\""))).isEqualTo("key-source");
    }

    @Test
    void anExplicitCaEntryKeepsItsScopesAndTheLinesOptions() {
        AuthConfig config = AuthConfig.builder()
                .authorizedKeys(AuthorizedKeys.parse("ak", List.of(caLine("cert-authority,restrict"))))
                .certAuthority(CertificateFiles.publicKey(ca.publicKey()), List.of("db:connect"), Map.of())
                .build();
        CertificateCheck check = new ConfigIdentityProvider(() -> config).checkCertificate(sign("alice"), "alice", "127.0.0.1");
        CertificateCheck.Accepted accepted = (CertificateCheck.Accepted) check;
        assertThat(accepted.identity().scopes()).contains("db:connect");
        assertThat(accepted.restrictions()).isEqualTo(ForwardingRestrictions.NO_FORWARDING);
    }
}
