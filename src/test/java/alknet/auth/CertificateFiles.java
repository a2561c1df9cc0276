package alknet.auth;

import alknet.testsupport.ExternalCommand;
import alknet.testsupport.SshKeyPair;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;

/** Reads ssh-keygen's {@code -cert.pub} and {@code .pub} files the way MINA parses the key blob a client offers. */
final class CertificateFiles {
    private CertificateFiles() {}

    static OpenSshCertificate certificate(Path file) {
        return (OpenSshCertificate) publicKey(file);
    }

    static PublicKey publicKey(Path file) {
        try {
            return fromLine(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ssh-keygen -h}: a host certificate for {@code key}, which must never pass as a user certificate. */
    static Path signHostCertificate(SshKeyPair ca, SshKeyPair key, String principals) {
        ExternalCommand.run(Duration.ofSeconds(30), "ssh-keygen", "-q", "-h", "-s", ca.privateKey().toString(),
                "-I", "host", "-n", principals, key.publicKey().toString()).requireSuccess();
        return key.certificateFile();
    }

    /** The same certificate with its last blob byte (inside the CA signature) flipped. */
    static OpenSshCertificate withCorruptSignature(Path file) {
        try {
            String[] fields = Files.readString(file).trim().split(" ");
            byte[] blob = Base64.getDecoder().decode(fields[1]);
            blob[blob.length - 1] ^= 0x01;
            return (OpenSshCertificate) fromLine(fields[0] + " " + Base64.getEncoder().encodeToString(blob));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PublicKey fromLine(String line) {
        try {
            return PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
