package alknet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Makes keys and certificates with the real {@code ssh-keygen}, so tests use exactly the files
 * users have (interop, 10-tunnel.md section 6).
 */
public final class SshKeys {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SshKeys() {}

    /** {@code ssh-keygen -t ed25519 -N '' -f dir/name}; fails if the file exists. */
    public static SshKeyPair generateEd25519(Path dir, String name) {
        return generate(dir, name, "ed25519", 0);
    }

    /**
     * Generates a key of {@code type} ("ed25519", "ecdsa", "rsa"); {@code bits} 0 = ssh-keygen's
     * default. The comment is {@code name}.
     */
    public static SshKeyPair generate(Path dir, String name, String type, int bits) {
        Path privateKey = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name,
                "-f", privateKey.toString()));
        if (bits > 0) {
            command.add("-b");
            command.add(Integer.toString(bits));
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExternalCommand.run(TIMEOUT, command).requireSuccess();
        Path publicKey = dir.resolve(name + ".pub");
        return new SshKeyPair(privateKey, publicKey, fingerprint(publicKey));
    }

    /** "SHA256:..." of a public key, private key or certificate file, via {@code ssh-keygen -E sha256 -lf}. */
    public static String fingerprint(Path keyFile) {
        String out = ExternalCommand.run(TIMEOUT, "ssh-keygen", "-E", "sha256", "-lf", keyFile.toString())
                .requireSuccess().stdout().trim();
        // "256 SHA256:abc... comment (ED25519)"
        return out.split("\\s+")[1];
    }

    /** Writes an authorized_keys file with one line per entry (options prefix allowed); returns {@code file}. */
    public static Path writeAuthorizedKeys(Path file, String... lines) {
        return writeAuthorizedKeys(file, Arrays.asList(lines));
    }

    public static Path writeAuthorizedKeys(Path file, Collection<String> lines) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Signs {@code user}'s public key with {@code ca} as a user certificate ({@code ssh-keygen -s}).
     * {@code principals} may be null (no -n: a certificate without principals), {@code validity}
     * null for forever, else ssh-keygen syntax such as "+5m" or "-1h:+1h"; {@code options} are
     * passed as {@code -O} each (e.g. "source-address=127.0.0.1", "force-command=/bin/true").
     * Returns the certificate file {@code <name>-cert.pub}.
     */
    public static Path signUserCertificate(SshKeyPair ca, SshKeyPair user, String certId, String principals,
            String validity, String... options) {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-s", ca.privateKey().toString(),
                "-I", certId));
        if (principals != null) {
            command.add("-n");
            command.add(principals);
        }
        if (validity != null) {
            command.add("-V");
            command.add(validity);
        }
        for (String option : options) {
            command.add("-O");
            command.add(option);
        }
        command.add(user.publicKey().toString());
        ExternalCommand.run(TIMEOUT, command).requireSuccess();
        return user.certificateFile();
    }
}
