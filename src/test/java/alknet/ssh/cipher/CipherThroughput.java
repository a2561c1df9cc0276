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
 * Hand-run measurement (not a test): encrypts and decrypts {@code MIB} MiB (default 1024) in packets of
 * {@code PACKET} bytes (default 32768), the way MINA drives an AEAD cipher, with MINA's chacha20-poly1305, ours (as
 * chosen for this JVM, and with the scalar Poly1305 forced) and MINA's aes128-gcm, and prints MB/s (of payload, each
 * byte counted once though it is encrypted and decrypted) and CPU seconds per GiB (encrypt + decrypt). Then the parts
 * alone, one pass each: Poly1305 (ours, BouncyCastle's, MINA's, the JDK's through {@link AeadPoly1305}) and the JDK's
 * ChaCha20. Finally, after the JIT has compiled everything (intrinsics included), a few packets are checked
 * byte-exact against MINA's cipher.
 *
 * <pre>
 * mvn -q -B -o -DskipTests test-compile
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * CP=target/test-classes:target/classes:$(cat /tmp/cp.txt)
 * java -cp $CP alknet.ssh.cipher.CipherThroughput [MIB [PACKET]]
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp $CP alknet.ssh.cipher.CipherThroughput [MIB [PACKET]]
 * </pre>
 */
public final class CipherThroughput {
    private static int packet = 32 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CipherThroughput() {}

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        packet = args.length > 1 ? Integer.parseInt(args[1]) : packet;
        long bytes = mib << 20;
        System.out.printf("java %s, %d MiB in %d-byte packets, encrypt + decrypt%n",
                System.getProperty("java.version"), mib, packet);
        Poly1305Calibration.start(); // as the first cipher of a server or client does
        NamedFactory<Cipher>[] ciphers = factories();
        String[] names = {"mina chacha20-poly1305", "alknet chacha20-poly1305", "alknet, scalar Poly1305",
            "mina aes128-gcm"};
        for (int i = 0; i < ciphers.length; i++) {
            aead(ciphers[i], Math.min(bytes, 256L << 20)); // warm-up
        }
        for (int i = 0; i < ciphers.length; i++) {
            NamedFactory<Cipher> cipher = ciphers[i];
            report(names[i], bytes, () -> aead(cipher, bytes));
        }
        poly1305Alone(bytes);
        chacha20Alone(bytes);
        crossCheckWithMina();
        System.out.println("  Poly1305Calibration chose the " + (Poly1305Calibration.jdkFaster() ? "JDK's" : "scalar")
                + " Poly1305 for \"alknet chacha20-poly1305\"");
    }

    private static void crossCheckWithMina() throws Exception {
        Random random = new Random(4);
        byte[] key = new byte[64];
        random.nextBytes(key);
        Cipher mina = BuiltinCiphers.cc20p1305_openssh.create();
        Cipher ours = ChaCha20Poly1305CipherFactory.INSTANCE.create();
        mina.init(Cipher.Mode.Encrypt, key, new byte[8]);
        ours.init(Cipher.Mode.Encrypt, key, new byte[8]);
        for (int i = 0; i < 200; i++) {
            int length = 8 * random.nextInt(4500);
            byte[] a = new byte[4 + length + 16];
            random.nextBytes(a);
            byte[] b = a.clone();
            mina.updateWithAAD(a, 0, 4, length);
            ours.updateWithAAD(b, 0, 4, length);
            if (!java.util.Arrays.equals(a, b)) {
                throw new AssertionError("packet " + i + " (" + length + " bytes) differs from MINA's");
            }
        }
        System.out.println("  cross-check after warm-up: 200 packets byte-exact with MINA's cipher");
    }

    @SuppressWarnings("unchecked")
    private static NamedFactory<Cipher>[] factories() {
        NamedFactory<Cipher> scalar = new NamedFactory<>() {
            @Override
            public Cipher create() {
                return new ChaCha20Poly1305Cipher(false);
            }

            @Override
            public String getName() {
                return "scalar";
            }
        };
        return new NamedFactory[] {BuiltinCiphers.cc20p1305_openssh, ChaCha20Poly1305CipherFactory.INSTANCE, scalar,
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
        byte[] buf = new byte[4 + packet + enc.getAuthenticationTagSize()];
        for (long done = 0; done < bytes; done += packet) {
            buf[0] = (byte) (packet >>> 24);
            buf[1] = (byte) (packet >>> 16);
            buf[2] = (byte) (packet >>> 8);
            buf[3] = (byte) packet;
            enc.updateWithAAD(buf, 0, 4, packet);
            dec.updateAAD(buf, 0, 4);
            dec.update(buf, 4, packet);
        }
    }

    private static void poly1305Alone(long bytes) throws Exception {
        byte[] key = new byte[32];
        new Random(2).nextBytes(key);
        byte[] msg = new byte[packet];
        byte[] tag = new byte[16];
        alknet.ssh.cipher.Poly1305 ours = new alknet.ssh.cipher.Poly1305();
        AeadPoly1305 jdk = new AeadPoly1305();
        SecretKeySpec chachaKey = new SecretKeySpec(key, "ChaCha20");
        byte[] nonce = new byte[12];
        javax.crypto.Cipher keyStream = javax.crypto.Cipher.getInstance("ChaCha20");
        byte[] polyKey = new byte[64];
        byte[] zeros = new byte[64];
        byte[] length = new byte[4];
        Run jdkRun = () -> {
            long n = 0;
            for (long done = 0; done < bytes; done += packet) {
                nonce[11] = (byte) n;
                nonce[10] = (byte) (n >>> 8);
                nonce[9] = (byte) (n++ >>> 16);
                keyStream.init(javax.crypto.Cipher.ENCRYPT_MODE, chachaKey, new ChaCha20ParameterSpec(nonce, 0));
                keyStream.update(zeros, 0, 64, polyKey, 0);
                if (!jdk.tag(chachaKey, nonce, polyKey, length, 4, msg, 0, packet, tag, 0)) {
                    throw new AssertionError("undecided");
                }
            }
        };
        Poly1305 bc = new Poly1305();
        Poly1305Mac mina = new Poly1305Mac();
        Run oursRun = () -> {
            for (long done = 0; done < bytes; done += packet) {
                ours.init(key, 0);
                ours.update(msg, 0, packet);
                ours.finish(tag, 0);
            }
        };
        Run bcRun = () -> {
            for (long done = 0; done < bytes; done += packet) {
                bc.init(new KeyParameter(key));
                bc.update(msg, 0, packet);
                bc.doFinal(tag, 0);
            }
        };
        Run minaRun = () -> {
            for (long done = 0; done < bytes; done += packet) {
                mina.init(key);
                mina.update(msg, 0, packet);
                mina.doFinal(tag, 0);
            }
        };
        oursRun.run();
        bcRun.run();
        minaRun.run();
        jdkRun.run();
        report("poly1305 alknet scalar", bytes, oursRun);
        report("poly1305 bouncycastle", bytes, bcRun);
        report("poly1305 mina", bytes, minaRun);
        report("poly1305 jdk (AeadPoly1305)", bytes, jdkRun);
    }

    private static void chacha20Alone(long bytes) throws Exception {
        byte[] key = new byte[32];
        new Random(3).nextBytes(key);
        SecretKeySpec k = new SecretKeySpec(key, "ChaCha20");
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("ChaCha20");
        byte[] nonce = new byte[12];
        byte[] msg = new byte[packet];
        Run run = () -> {
            long n = 0;
            for (long done = 0; done < bytes; done += packet) {
                nonce[11] = (byte) n;
                nonce[10] = (byte) (n++ >>> 8);
                c.init(javax.crypto.Cipher.ENCRYPT_MODE, k, new ChaCha20ParameterSpec(nonce, 1));
                c.update(msg, 0, packet, msg, 0);
            }
        };
        run.run();
        report("chacha20 jdk (per packet init)", bytes, run);
    }
}
