import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator for the idle-sessions row of bench/run.sh (spec 90-benchmarks.md): opens N authenticated SSH
 * sessions (MINA client, one process, NIO2) to one server and keeps them open, idle, until it is killed.
 * <p>
 * Run as a single-file program on the alknet jar's class path (it brings MINA and BouncyCastle):
 * {@code java -Xmx2g -cp alknet.jar bench/IdleSessions.java --server 127.0.0.1:P --identity KEY --user bench
 * --count 10000 [--parallel 16] [--sources 127.0.0.1,127.0.0.2]}.
 * Prints "progress up=N" lines to stderr and, when all are up (or it gave up), one line to stdout:
 * {@code ready up=N failed=F seconds=S}, then holds the sessions until it is killed. Sessions are spread over the
 * given source addresses (each 127.0.0.x has its own range of ephemeral ports).
 */
public final class IdleSessions {
    public static void main(String[] args) throws Exception {
        String server = null, identity = null, user = "bench", sources = "127.0.0.1";
        int count = 1000, parallel = 16, maxFailures = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> server = args[++i];
                case "--identity" -> identity = args[++i];
                case "--user" -> user = args[++i];
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--parallel" -> parallel = Integer.parseInt(args[++i]);
                case "--sources" -> sources = args[++i];
                case "--max-failures" -> maxFailures = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (server == null || identity == null) {
            throw new IllegalArgumentException("need --server HOST:PORT and --identity FILE");
        }
        int colon = server.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
        String keyFile = identity;
        KeyPair key;
        try (var in = Files.newInputStream(Path.of(keyFile))) {
            key = SecurityUtils.loadKeyPairIdentities(null, () -> keyFile, in, FilePasswordProvider.EMPTY).iterator().next();
        }
        List<InetSocketAddress> from = new ArrayList<>();
        for (String s : sources.split(",")) {
            from.add(new InetSocketAddress(s.trim(), 0));
        }

        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, serverKey) -> true); // throwaway keys on loopback
        // curve25519 first: the key exchange is not what this row measures, and it is the cheapest one both sides have
        var kex = new ArrayList<>(client.getKeyExchangeFactories());
        kex.sort((a, b) -> Boolean.compare(!a.getName().equals(BuiltinDHFactories.curve25519.getName()),
                !b.getName().equals(BuiltinDHFactories.curve25519.getName())));
        client.setKeyExchangeFactories(kex);
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ZERO);
        client.start();

        Semaphore slots = new Semaphore(parallel);
        AtomicInteger up = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<ClientSession> sessions = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < count && failed.get() < maxFailures; i++) {
            slots.acquire();
            ConnectFuture cf = client.connect(user, target, null, from.get(i % from.size()));
            final KeyPair kp = key;
            cf.addListener(f -> {
                if (!f.isConnected()) {
                    fail(f.getException(), failed, errors, slots);
                    return;
                }
                ClientSession s = f.getSession();
                synchronized (sessions) {
                    sessions.add(s);
                }
                s.addPublicKeyIdentity(kp);
                try {
                    s.auth().addListener(a -> {
                        if (a.isSuccess()) {
                            int n = up.incrementAndGet();
                            if (n % 1000 == 0) {
                                System.err.println("progress up=" + n + " seconds=" + secs(t0));
                            }
                            slots.release();
                        } else {
                            fail(a.getException(), failed, errors, slots);
                        }
                    });
                } catch (Exception e) {
                    fail(e, failed, errors, slots);
                }
            });
        }
        slots.acquire(parallel); // every attempt finished
        if (!errors.isEmpty()) {
            System.err.println("first error: " + errors.peek());
        }
        System.out.println("ready up=" + up.get() + " failed=" + failed.get() + " seconds=" + secs(t0));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // hold the sessions until killed
    }

    private static void fail(Throwable e, AtomicInteger failed, ConcurrentLinkedQueue<String> errors, Semaphore slots) {
        failed.incrementAndGet();
        errors.add(String.valueOf(e));
        slots.release();
    }

    private static String secs(long t0) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
    }
}
