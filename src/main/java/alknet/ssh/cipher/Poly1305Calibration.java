package alknet.ssh.cipher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides once per JVM whether {@link ChaCha20Poly1305Cipher} computes Poly1305 through the JDK ({@link AeadPoly1305})
 * or with our scalar {@link Poly1305}, by timing both on a background thread. Whether the JDK runs Poly1305 on a
 * vector intrinsic depends on the Java version and the CPU (Java 20+ with AVX-512 IFMA, later AVX2 or AArch64), and the
 * JVM tells this only through a locked diagnostic flag; both ways give the same tags, so a measurement can choose
 * safely. Until it has, and whenever it fails, the scalar way is used.
 *
 * <p>The intrinsic replaces the JDK's Poly1305 block loop only once C2 compiles that method on its own, after some 600
 * calls (each AEAD pass is one), so the warm-up makes many short calls; the timed rounds then repeat, with pauses for
 * the compiler threads (busy with everything else at startup, often for seconds), until the JDK way wins clearly or a
 * minute has passed. Java before 20 has no such intrinsic and is not measured. At most about 300 ms of CPU, at low
 * priority, once per JVM.
 */
final class Poly1305Calibration {
    private static final int MESSAGE = 32 * 1024;
    private static final int WARM_UP_MESSAGE = 1024;
    private static final int WARM_UP_CALLS = 1_000;
    private static final int CALLS_PER_TRIAL = 4;
    private static final long PAUSE_MILLIS = 100;
    private static final long GIVE_UP_NANOS = 60_000_000_000L;
    private static final int FIRST_JAVA_WITH_INTRINSIC = 20;
    /** The JDK way must win clearly: a near tie is not worth its per-packet initializations. */
    private static final double MARGIN = 1.3;
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static volatile boolean jdkFaster;

    private Poly1305Calibration() {}

    /** Starts the measurement, once per JVM (every new cipher calls this). */
    static void start() {
        if (Runtime.version().feature() < FIRST_JAVA_WITH_INTRINSIC) {
            return;
        }
        if (!STARTED.get() && STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(Poly1305Calibration::measure, "alknet-poly1305-calibration");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    /** Whether ciphers should use {@link AeadPoly1305}: false until the measurement has shown it faster. */
    static boolean jdkFaster() {
        return jdkFaster;
    }

    private static void measure() {
        try {
            jdkFaster = new Race().jdkFaster();
        } catch (GeneralSecurityException | RuntimeException e) {
            jdkFaster = false; // best effort: the scalar way always works
        }
    }

    /** Both ways over the same 32 KiB message; CPU time of this thread, best of several trials each. */
    private static final class Race {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final byte[] message = new byte[MESSAGE];
        private final byte[] prefix = new byte[4];
        private final byte[] polyKey = new byte[32];
        private final byte[] tag = new byte[16];
        private final byte[] nonce = new byte[12];
        private final SecretKeySpec key = new SecretKeySpec(new byte[32], "ChaCha20");
        private final Poly1305 scalar = new Poly1305();
        private final AeadPoly1305 jdk = new AeadPoly1305();
        private long counter;

        Race() throws GeneralSecurityException {
            new java.util.Random(1).nextBytes(message);
        }

        boolean jdkFaster() throws GeneralSecurityException {
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                scalarOnce(WARM_UP_MESSAGE);
                jdkOnce(WARM_UP_MESSAGE);
            }
            long bestScalar = Long.MAX_VALUE;
            long bestJdk = Long.MAX_VALUE;
            for (long start = System.nanoTime(); System.nanoTime() - start < GIVE_UP_NANOS; ) {
                pause();
                long t0 = cpu();
                for (int i = 0; i < CALLS_PER_TRIAL; i++) {
                    scalarOnce(MESSAGE);
                }
                long t1 = cpu();
                for (int i = 0; i < CALLS_PER_TRIAL; i++) {
                    jdkOnce(MESSAGE);
                }
                long t2 = cpu();
                bestScalar = Math.min(bestScalar, t1 - t0);
                bestJdk = Math.min(bestJdk, t2 - t1);
                if (bestJdk * MARGIN < bestScalar) {
                    return true;
                }
            }
            return false;
        }

        private void scalarOnce(int length) {
            scalar.init(polyKey, 0);
            scalar.update(prefix, 0, prefix.length);
            scalar.update(message, 0, length);
            scalar.finish(tag, 0);
        }

        private void jdkOnce(int length) throws GeneralSecurityException {
            long n = counter++; // the JDK takes each key and nonce once; the tag itself is not needed here
            for (int i = 0; i < 8; i++) {
                nonce[11 - i] = (byte) (n >>> (8 * i));
            }
            jdk.tag(key, nonce, polyKey, prefix, prefix.length, message, 0, length, tag, 0);
        }

        private static void pause() {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private long cpu() {
            return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : System.nanoTime();
        }
    }
}
