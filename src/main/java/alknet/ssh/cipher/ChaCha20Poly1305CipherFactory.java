package alknet.ssh.cipher;

import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.cipher.CipherFactory;

import java.security.GeneralSecurityException;

/**
 * MINA cipher factory for {@code chacha20-poly1305@openssh.com} that creates {@link ChaCha20Poly1305Cipher}; it stands
 * in for {@link BuiltinCiphers#cc20p1305_openssh} (same name and sizes, so key exchange and AEAD detection are
 * unchanged).
 */
public final class ChaCha20Poly1305CipherFactory implements CipherFactory {
    public static final ChaCha20Poly1305CipherFactory INSTANCE = new ChaCha20Poly1305CipherFactory();
    private static final CipherFactory MINA = BuiltinCiphers.cc20p1305_openssh;

    private ChaCha20Poly1305CipherFactory() {}

    @Override
    public Cipher create() {
        return new ChaCha20Poly1305Cipher();
    }

    /** Where MINA offers it (not in FIPS mode) and the JDK has ChaCha20 (Java 11+, unless a policy removed it). */
    @Override
    public boolean isSupported() {
        return MINA.isSupported() && JdkChaCha20.AVAILABLE;
    }

    @Override
    public String getName() {
        return MINA.getName();
    }

    @Override
    public String getAlgorithm() {
        return MINA.getAlgorithm();
    }

    @Override
    public String getTransformation() {
        return MINA.getTransformation();
    }

    @Override
    public int getIVSize() {
        return MINA.getIVSize();
    }

    @Override
    public int getAuthenticationTagSize() {
        return MINA.getAuthenticationTagSize();
    }

    @Override
    public int getCipherBlockSize() {
        return MINA.getCipherBlockSize();
    }

    @Override
    public int getKdfSize() {
        return MINA.getKdfSize();
    }

    @Override
    public int getKeySize() {
        return MINA.getKeySize();
    }

    @Override
    public String toString() {
        return getName();
    }

    private static final class JdkChaCha20 {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try {
                javax.crypto.Cipher.getInstance(ChaCha20Poly1305Cipher.JDK_TRANSFORMATION);
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
