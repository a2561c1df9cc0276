package alknet.ssh;

import alknet.ssh.cipher.ChaCha20Poly1305CipherFactory;
import org.apache.sshd.common.BaseBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.helpers.AbstractFactoryManager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Algorithm choice (10-tunnel.md section 2): MINA's defaults minus weak ones (SHA-1, CBC, 3DES, RC4, plain ssh-rsa),
 * AEAD ciphers first. {@code --ciphers} can narrow the cipher list (benchmarks compare equal ciphers).
 */
public final class SshAlgorithms {
    /**
     * AES-GCM first: the JDK runs it on the CPU's AES and carry-less multiply instructions, about 0.15 s of CPU per GiB
     * and direction; our ChaCha20-Poly1305 ({@link ChaCha20Poly1305CipherFactory}) needs about 0.6 s on Java 25 and
     * 2.8 s on Java 17 (docs/decisions.md 24, 37). The client's order decides, so OpenSSH clients still get their own
     * first choice.
     */
    private static final List<String> PREFERRED_CIPHERS = List.of(
            BuiltinCiphers.aes128gcm.getName(), BuiltinCiphers.aes256gcm.getName(), BuiltinCiphers.cc20p1305_openssh.getName());

    private static final String PREFERRED_KEX = "mlkem768x25519-sha256";

    private SshAlgorithms() {}

    public static void apply(AbstractFactoryManager manager, List<String> cipherNames) {
        List<NamedFactory<Cipher>> ciphers = ciphers(cipherNames);
        manager.setCipherFactories(ciphers);
        manager.setKeyExchangeFactories(preferFastKex(filter(manager.getKeyExchangeFactories(), SshAlgorithms::strongKex)));
        manager.setMacFactories(filter(manager.getMacFactories(), SshAlgorithms::strongMac));
        manager.setSignatureFactories(filter(manager.getSignatureFactories(), SshAlgorithms::strongSignature));
        CipherWarmup.start(ciphers);
    }

    /**
     * Puts {@code mlkem768x25519-sha256} (post-quantum hybrid, OpenSSH 9.9's default) ahead of
     * {@code sntrup761x25519-sha512}: BouncyCastle's sntrup761 key generation takes hundreds of milliseconds of CPU on
     * the event loop at every key exchange (and rekey, every GiB), ML-KEM's well under one. Peers without ML-KEM (OpenSSH
     * before 9.9) still negotiate sntrup761 or curve25519 as before; the set of algorithms is unchanged.
     */
    static <T extends NamedResource> List<T> preferFastKex(List<T> kex) {
        List<T> out = new ArrayList<>(kex);
        out.sort(Comparator.comparingInt(k -> k.getName().equals(PREFERRED_KEX) ? 0 : 1)); // stable: the rest keep MINA's order
        return out;
    }

    static List<NamedFactory<Cipher>> ciphers(List<String> names) {
        List<NamedFactory<Cipher>> supported = new ArrayList<>();
        for (NamedFactory<Cipher> c : BaseBuilder.setUpDefaultCiphers(true)) {
            if (strongCipher(c)) {
                supported.add(fasterImplementation(c));
            }
        }
        supported.sort(Comparator.comparingInt(c -> {
            int i = PREFERRED_CIPHERS.indexOf(c.getName());
            return i < 0 ? PREFERRED_CIPHERS.size() : i;
        }));
        if (names == null || names.isEmpty()) {
            return supported;
        }
        List<NamedFactory<Cipher>> chosen = new ArrayList<>();
        for (String name : names) {
            NamedFactory<Cipher> c = NamedResource.findByName(name, String.CASE_INSENSITIVE_ORDER, supported);
            if (c == null) {
                throw new IllegalArgumentException("unknown or weak cipher '" + name + "'; supported: "
                        + NamedResource.getNames(supported));
            }
            chosen.add(c);
        }
        return chosen;
    }

    /** Our chacha20-poly1305@openssh.com (JDK ChaCha20) in place of MINA's plain-Java one, where the JDK has ChaCha20. */
    private static NamedFactory<Cipher> fasterImplementation(NamedFactory<Cipher> c) {
        ChaCha20Poly1305CipherFactory chacha = ChaCha20Poly1305CipherFactory.INSTANCE;
        return c.getName().equals(chacha.getName()) && chacha.isSupported() ? chacha : c;
    }

    private static <T extends NamedResource> List<T> filter(List<T> factories, Predicate<NamedResource> keep) {
        List<T> out = new ArrayList<>();
        for (T f : factories) {
            if (keep.test(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean strongCipher(NamedResource c) {
        String n = c.getName().toLowerCase(Locale.ROOT);
        return !(n.contains("cbc") || n.contains("3des") || n.contains("arcfour") || n.equals("none"));
    }

    private static boolean strongKex(NamedResource k) {
        String n = k.getName().toLowerCase(Locale.ROOT);
        return !(n.endsWith("sha1") || n.contains("group1-") || n.contains("group-exchange-sha1"));
    }

    private static boolean strongMac(NamedResource m) {
        String n = m.getName().toLowerCase(Locale.ROOT);
        return n.contains("sha2");
    }

    private static boolean strongSignature(NamedResource s) {
        String n = s.getName().toLowerCase(Locale.ROOT);
        // plain "ssh-rsa" signs with SHA-1; rsa-sha2-* and the certificate variants stay.
        return !(n.equals("ssh-rsa") || n.equals("ssh-dss") || n.startsWith("ssh-rsa-cert") || n.startsWith("ssh-dss"));
    }
}
