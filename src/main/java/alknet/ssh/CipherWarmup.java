package alknet.ssh;

import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.Cipher;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles the cipher path before the first bulk transfer. The JIT only uses the AES-CTR/GHASH intrinsics (and only
 * compiles MINA's ChaCha20/Poly1305) after thousands of calls; real traffic reaches that after ~4,000 full 32 KiB
 * packets (~130 MB) encrypted at interpreter speed (~50 MB/s, i.e. seconds of CPU on the event loops). Encrypting
 * and decrypting a few thousand tiny packets on a background daemon thread costs a fraction of that, once per
 * JVM. Throwaway keys, nothing leaves the process; best effort (any failure just ends the warm-up).
 */
final class CipherWarmup {
    private static final int ROUNDS = 6_000;
    private static final int PAYLOAD = 64;
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    private CipherWarmup() {}

    static void start(List<NamedFactory<Cipher>> ciphers) {
        List<NamedFactory<Cipher>> todo = new ArrayList<>();
        for (NamedFactory<Cipher> c : ciphers) {
            if (todo.size() < 3 && STARTED.add(c.getName())) {
                todo.add(c);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> todo.forEach(CipherWarmup::warm), "alknet-cipher-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void warm(NamedFactory<Cipher> factory) {
        try {
            Cipher enc = factory.create();
            Cipher dec = factory.create();
            byte[] key = new byte[enc.getKdfSize()];
            byte[] iv = new byte[enc.getIVSize()];
            enc.init(Cipher.Mode.Encrypt, key, iv);
            dec.init(Cipher.Mode.Decrypt, key, iv);
            int tag = enc.getAuthenticationTagSize();
            if (tag == 0) {
                return; // not an AEAD cipher: nothing worth warming here (the MAC would need its own path)
            }
            byte[] packet = new byte[4 + PAYLOAD + tag];
            for (int i = 0; i < ROUNDS; i++) {
                packet[4] = (byte) i;
                enc.updateAAD(packet, 0, 4);
                enc.update(packet, 4, PAYLOAD);
                dec.updateAAD(packet, 0, 4);
                dec.update(packet, 4, PAYLOAD);
            }
        } catch (Throwable ignored) {
            // Best effort only.
        }
    }
}
