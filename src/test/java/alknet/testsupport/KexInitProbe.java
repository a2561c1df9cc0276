package alknet.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the algorithms an SSH peer offers from its first, cleartext SSH_MSG_KEXINIT (RFC 4253 sections 4.2 and
 * 7.1), without any key exchange: {@link #ofServer} asks a server, {@link #listen} waits for a client.
 */
public final class KexInitProbe implements AutoCloseable {
    private static final int SSH_MSG_KEXINIT = 20;
    private static final byte[] IDENTIFICATION = "SSH-2.0-OpenSSH_9.2 kexinit-probe\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The ten name-lists of a KEXINIT, in wire order. */
    public record Proposal(List<List<String>> nameLists) {
        public List<String> kex() {
            return nameLists.get(0);
        }

        public List<String> ciphersClientToServer() {
            return nameLists.get(2);
        }

        public List<String> ciphersServerToClient() {
            return nameLists.get(3);
        }
    }

    private final ServerSocket listener;
    private final CompletableFuture<Proposal> received = new CompletableFuture<>();

    private KexInitProbe(ServerSocket listener) {
        this.listener = listener;
    }

    /** Connects to 127.0.0.1:{@code port}, sends an identification line and returns the server's KEXINIT. */
    public static Proposal ofServer(int port, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(IDENTIFICATION);
            socket.getOutputStream().flush();
            return readKexInit(socket.getInputStream());
        }
    }

    /** Listens on a free 127.0.0.1 port; the first client that connects gets an identification line and is read. */
    public static KexInitProbe listen() {
        try {
            KexInitProbe probe = new KexInitProbe(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()));
            Thread acceptor = new Thread(probe::acceptOne, "kexinit-probe " + probe.port());
            acceptor.setDaemon(true);
            acceptor.start();
            return probe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The first client's KEXINIT. */
    public Proposal await(Duration timeout) throws Exception {
        return received.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void acceptOne() {
        try (Socket socket = listener.accept()) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(IDENTIFICATION);
            socket.getOutputStream().flush();
            received.complete(readKexInit(socket.getInputStream()));
        } catch (IOException | RuntimeException e) {
            received.completeExceptionally(e);
        }
    }

    /** Skips the peer's identification line (and any lines before it), then reads one binary packet. */
    private static Proposal readKexInit(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        String line;
        do {
            line = readLine(in);
        } while (!line.startsWith("SSH-"));
        int packetLength = in.readInt();
        if (packetLength <= 0 || packetLength > 65_536) {
            throw new IOException("implausible packet length " + packetLength + " after " + line);
        }
        byte[] packet = in.readNBytes(packetLength);
        ByteBuffer b = ByteBuffer.wrap(packet);
        int padding = b.get() & 0xff;
        int type = b.get() & 0xff;
        if (type != SSH_MSG_KEXINIT) {
            throw new IOException("first packet is message " + type + ", not KEXINIT");
        }
        b.position(b.position() + 16); // cookie
        List<List<String>> lists = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] text = new byte[b.getInt()];
            b.get(text);
            String names = new String(text, StandardCharsets.US_ASCII);
            lists.add(names.isEmpty() ? List.of() : Arrays.asList(names.split(",")));
        }
        if (b.remaining() < padding) {
            throw new IOException("KEXINIT shorter than its padding");
        }
        return new Proposal(List.copyOf(lists));
    }

    private static String readLine(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed before an SSH identification line");
            }
            if (line.size() > 255) {
                throw new IOException("no SSH identification line in the first 255 bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
