package alknet.ssh.cipher;

import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.mac.Poly1305Mac;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;

import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Hand-run measurement (not a test): encrypts and decrypts {@code MIB} MiB (default 1024) in 32 KiB packets, the way
 * MINA drives an AEAD cipher, with MINA's chacha20-poly1305, ours and MINA's aes128-gcm, and prints MB/s (of payload,
 * each byte counted once though it is encrypted and decrypted) and CPU seconds per GiB. Then the parts alone:
 * Poly1305 (ours, BouncyCastle's, MINA's) and the JDK's ChaCha20.
 *
 * <pre>
 * mvn -q -B -o -DskipTests test-compile
 * CP=target/test-classes:target/classes:$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
 * java -cp $CP alknet.ssh.cipher.CipherThroughput [MIB]
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp $CP alknet.ssh.cipher.CipherThroughput [MIB]
 * </pre>
 */
public final class CipherThroughput {
    private static final int PACKET = 32 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CipherThroughput() {}

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        long bytes = mib << 20;
        System.out.printf("java %s, %d MiB in %d-byte packets, encrypt + decrypt%n",
                System.getProperty("java.version"), mib, PACKET);
        NamedFactory<Cipher>[] ciphers = factories();
        String[] names = {"mina chacha20-poly1305", "alknet chacha20-poly1305", "mina aes128-gcm"};
        for (int i = 0; i < ciphers.length; i++) {
            aead(ciphers[i], Math.min(bytes, 256L << 20)); // warm-up
        }
        for (int i = 0; i < ciphers.length; i++) {
            NamedFactory<Cipher> cipher = ciphers[i];
            report(names[i], bytes, () -> aead(cipher, bytes));
        }
        poly1305Alone(bytes);
        chacha20Alone(bytes);
    }

    @SuppressWarnings("unchecked")
    private static NamedFactory<Cipher>[] factories() {
        return new NamedFactory[] {BuiltinCiphers.cc20p1305_openssh, ChaCha20Poly1305CipherFactory.INSTANCE,
                BuiltinCiphers.aes128gcm};
    }

    private interface Run {
        void run() throws Exception;
    }

    private static void report(String name, long bytes, Run run) throws Exception {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        run.run();
        long wall = System.nanoTime() - t0;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        System.out.printf("  %-28s %8.0f MB/s   %6.2f s CPU/GiB%n", name, bytes / (wall / 1e3),
                cpu / 1e9 / (bytes / (double) (1L << 30)));
    }

    private static void aead(NamedFactory<Cipher> factory, long bytes) throws Exception {
        Cipher enc = factory.create();
        Cipher dec = factory.create();
        byte[] key = new byte[enc.getKdfSize()];
        byte[] iv = new byte[enc.getIVSize()];
        new Random(1).nextBytes(key);
        enc.init(Cipher.Mode.Encrypt, key, iv.clone());
        dec.init(Cipher.Mode.Decrypt, key, iv.clone());
        byte[] packet = new byte[4 + PACKET + enc.getAuthenticationTagSize()];
        for (long done = 0; done < bytes; done += PACKET) {
            packet[0] = 0;
            packet[1] = 0;
            packet[2] = (byte) (PACKET >>> 8);
            packet[3] = 0;
            enc.updateWithAAD(packet, 0, 4, PACKET);
            dec.updateAAD(packet, 0, 4);
            dec.update(packet, 4, PACKET);
        }
    }

    private static void poly1305Alone(long bytes) throws Exception {
        byte[] key = new byte[32];
        new Random(2).nextBytes(key);
        byte[] msg = new byte[PACKET];
        byte[] tag = new byte[16];
        alknet.ssh.cipher.Poly1305 ours = new alknet.ssh.cipher.Poly1305();
        Poly1305 bc = new Poly1305();
        Poly1305Mac mina = new Poly1305Mac();
        Run oursRun = () -> {
            for (long done = 0; done < bytes; done += PACKET) {
                ours.init(key, 0);
                ours.update(msg, 0, PACKET);
                ours.finish(tag, 0);
            }
        };
        Run bcRun = () -> {
            for (long done = 0; done < bytes; done += PACKET) {
                bc.init(new KeyParameter(key));
                bc.update(msg, 0, PACKET);
                bc.doFinal(tag, 0);
            }
        };
        Run minaRun = () -> {
            for (long done = 0; done < bytes; done += PACKET) {
                mina.init(key);
                mina.update(msg, 0, PACKET);
                mina.doFinal(tag, 0);
            }
        };
        oursRun.run();
        bcRun.run();
        minaRun.run();
        report("poly1305 alknet", bytes, oursRun);
        report("poly1305 bouncycastle", bytes, bcRun);
        report("poly1305 mina", bytes, minaRun);
    }

    private static void chacha20Alone(long bytes) throws Exception {
        byte[] key = new byte[32];
        new Random(3).nextBytes(key);
        SecretKeySpec k = new SecretKeySpec(key, "ChaCha20");
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("ChaCha20");
        byte[] nonce = new byte[12];
        byte[] msg = new byte[PACKET];
        Run run = () -> {
            long n = 0;
            for (long done = 0; done < bytes; done += PACKET) {
                nonce[11] = (byte) n;
                nonce[10] = (byte) (n++ >>> 8);
                c.init(javax.crypto.Cipher.ENCRYPT_MODE, k, new ChaCha20ParameterSpec(nonce, 1));
                c.update(msg, 0, PACKET, msg, 0);
            }
        };
        run.run();
        report("chacha20 jdk (per packet init)", bytes, run);
    }
}
