package alknet.auth;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

import java.security.PublicKey;

/** The OpenSSH SHA-256 fingerprint ({@code SHA256:} + unpadded base64), exactly as {@code ssh-keygen -lf} prints it. */
public final class KeyFingerprint {
    private KeyFingerprint() {}

    public static String of(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }
}
