package alknet.cluster;

import alknet.cluster.HeadProcesses.Head;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches heads that must stay in service while another head leaves (40-cluster-ops.md section 4): every 100 ms each
 * must answer {@code /readyz} with 200 and a new TCP connection to its SSH port with an SSH identification line.
 * Every lapse is kept, with when it happened.
 */
final class ReadinessWatch implements AutoCloseable {
    private final List<Head> heads;
    private final List<String> lapses = new CopyOnWriteArrayList<>();
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;

    ReadinessWatch(List<Head> heads) {
        this.heads = List.copyOf(heads);
        thread = new Thread(this::run, "readiness-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopped) {
            for (Head head : heads) {
                check(head);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void check(Head head) {
        String at = String.format("%.2fs", (System.nanoTime() - started) / 1e9);
        try {
            HttpResponse<String> ready = head.ops().get("/readyz");
            if (ready.statusCode() != 200) {
                lapses.add(head + " at " + at + ": /readyz " + ready.statusCode() + " " + ready.body());
            }
        } catch (Exception e) {
            lapses.add(head + " at " + at + ": /readyz " + e);
        }
        try (Socket socket = new Socket("127.0.0.1", head.sshPort())) {
            socket.setSoTimeout(3_000);
            String banner = new String(socket.getInputStream().readNBytes(8), StandardCharsets.US_ASCII);
            if (!banner.startsWith("SSH-2.0-")) {
                lapses.add(head + " at " + at + ": a new connection got '" + banner + "', not an SSH identification");
            }
        } catch (IOException e) {
            lapses.add(head + " at " + at + ": a new connection failed: " + e);
        }
    }

    /** The lapses so far, and stops watching. */
    List<String> lapses() throws InterruptedException {
        close();
        return List.copyOf(lapses);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(10_000);
    }
}
