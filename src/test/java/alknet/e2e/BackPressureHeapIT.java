package alknet.e2e;

import alknet.testsupport.AlknetProcess;
import alknet.testsupport.CoversOption;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.FreePorts;
import alknet.testsupport.ListeningPorts;
import alknet.testsupport.Payloads;
import alknet.testsupport.ReceivedStream;
import alknet.testsupport.SlowReader;
import alknet.testsupport.Sockets;
import alknet.testsupport.TunnelDestinations;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 10 (10-tunnel.md section 3: "a slow reader never makes the server buffer without bound"):
 * 1 GiB goes through an -L forward of a client process into a reader that is slow (1 MB/s) for the
 * first seconds and fast afterwards. Server and client run with -Xmx128m and exit on OutOfMemoryError.
 * While the reader is slow the sender must stall (bytes in flight stay under 64 MiB, far below the
 * 1 GiB it wants to send); the server's heap, sampled with jcmd GC.heap_info throughout, stays under
 * 96 MiB; both processes survive and every byte arrives intact.
 */
@Timeout(240)
class BackPressureHeapIT {
    private static final long TOTAL = 1L << 30;
    private static final int CHUNK = 1 << 20;
    private static final long IN_FLIGHT_CEILING = 64L << 20;
    private static final long HEAP_CEILING = 96L << 20;
    private static final List<String> SMALL_HEAP = List.of("-XX:+UseSerialGC", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError");

    @Test
    @CoversOption(command = "connect", option = "--forward")
    void oneGibibyteIntoASlowReaderKeepsTheServerHeapBounded() throws Exception {
        ProcessNodes nodes = new ProcessNodes();
        int forwardPort = FreePorts.pick();
        try (SlowReader reader = SlowReader.start(1_000_000, 64 * 1024);
                AlknetProcess server = nodes.startServer("bp-server", SMALL_HEAP);
                AlknetProcess client = nodes.startClient("bp-client", SMALL_HEAP, "--no-socks5",
                        "-L", "127.0.0.1:" + forwardPort + ":127.0.0.1:" + reader.port())) {
            TunnelDestinations.record("127.0.0.1", reader.port());
            client.awaitStderrLine("session up", ProcessNodes.START);
            ListeningPorts.await(forwardPort, Duration.ofSeconds(10), () -> client.isAlive() ? null : "client died");

            HeapSampler heap = HeapSampler.start(server.pid());
            byte[] chunk = Payloads.random(CHUNK, 99);
            AtomicLong sent = new AtomicLong();
            long started = System.nanoTime();
            try (Socket s = Sockets.connect(forwardPort)) {
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        for (long n = 0; n < TOTAL; n += CHUNK) {
                            out.write(chunk);
                            sent.addAndGet(CHUNK);
                        }
                        out.flush();
                        s.shutdownOutput();
                    } catch (Exception e) {
                        throw new RuntimeException("writing into the -L port failed after " + sent.get() + " bytes", e);
                    }
                });

                // slow phase: the sender must be held back, not buffered for
                Thread.sleep(5_000);
                long inFlight = sent.get() - reader.bytesRead();
                assertThat(server.isAlive()).as("server alive during the slow phase").isTrue();
                assertThat(inFlight).as("bytes accepted but not yet read after 5 s at 1 MB/s (sent %d, read %d)",
                        sent.get(), reader.bytesRead()).isLessThan(IN_FLIGHT_CEILING);

                // fast phase: drain the rest
                reader.setBytesPerSecond(2_000_000_000L);
                writer.get(180, TimeUnit.SECONDS);
                List<ReceivedStream> received = reader.awaitReceived(1, Duration.ofSeconds(60));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                heap.stop();

                assertThat(received.get(0).bytes()).as("bytes delivered (in %s)", took).isEqualTo(TOTAL);
                assertThat(received.get(0).sha256Hex()).isEqualTo(expectedSha(chunk));
            }
            assertThat(server.isAlive()).as("server survived").isTrue();
            assertThat(client.isAlive()).as("client survived").isTrue();
            assertThat(server.stderrLines()).noneMatch(l -> l.contains("OutOfMemoryError"));
            assertThat(heap.samples()).as("heap samples taken").isGreaterThanOrEqualTo(3);
            System.out.printf("BackPressureHeapIT: server heap peak %d MiB over %d samples%n",
                    heap.peak() >> 20, heap.samples());
            assertThat(heap.peak()).as("server heap peak (bytes) with -Xmx128m").isLessThan(HEAP_CEILING);
        }
    }

    private static String expectedSha(byte[] chunk) {
        MessageDigest sha = Payloads.newSha256();
        for (long n = 0; n < TOTAL; n += CHUNK) {
            sha.update(chunk);
        }
        return Payloads.hex(sha.digest());
    }

    /** Polls {@code jcmd PID GC.heap_info} and keeps the largest "used" sum over the heap's generations. */
    static final class HeapSampler {
        private static final Pattern USED = Pattern.compile("used (\\d+)K");
        private final long pid;
        private final Thread thread;
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private volatile boolean stopped;

        private HeapSampler(long pid) {
            this.pid = pid;
            this.thread = new Thread(this::run, "heap-sampler " + pid);
            this.thread.setDaemon(true);
        }

        static HeapSampler start(long pid) {
            HeapSampler sampler = new HeapSampler(pid);
            sampler.thread.start();
            return sampler;
        }

        private void run() {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            while (!stopped) {
                try {
                    ExternalCommand.Result r = ExternalCommand.run(Duration.ofSeconds(20), jcmd, Long.toString(pid), "GC.heap_info");
                    if (r.exitCode() == 0) {
                        long used = 0;
                        for (String line : r.stdout().split("\n")) {
                            String t = line.trim();
                            if (t.startsWith("Metaspace") || t.startsWith("class space")) {
                                continue;
                            }
                            Matcher m = USED.matcher(t);
                            if ((t.contains("generation") || t.contains("heap")) && m.find()) {
                                used += Long.parseLong(m.group(1)) * 1024;
                            }
                        }
                        if (used > 0) {
                            samples.incrementAndGet();
                            peak.accumulateAndGet(used, Math::max);
                        }
                    }
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | AssertionError e) {
                    // a sample failed (process busy or gone); the assertions on samples() catch a total failure
                }
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(25_000);
        }

        long peak() {
            return peak.get();
        }

        long samples() {
            return samples.get();
        }
    }
}
