package alknet.client.socks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A blocking SOCKS5 client on a plain java.net.Socket, for test threads only; every read has a timeout. */
final class SocksTestClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    SocksTestClient(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        in = socket.getInputStream();
    }

    void send(byte[]... parts) throws IOException {
        socket.getOutputStream().write(Socks5Bytes.concat(parts));
        socket.getOutputStream().flush();
    }

    /** Writes each byte in its own write call (TCP_NODELAY), with a pause so most arrive as separate segments. */
    void sendOneByteAtATime(byte[] bytes) throws IOException, InterruptedException {
        for (byte b : bytes) {
            socket.getOutputStream().write(b);
            socket.getOutputStream().flush();
            Thread.sleep(2);
        }
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    byte[] readExactly(int count) throws IOException {
        byte[] data = in.readNBytes(count);
        if (data.length < count) {
            throw new IOException("EOF after " + data.length + " of " + count + " bytes: " + Arrays.toString(data));
        }
        return data;
    }

    /** Everything until EOF. */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** True when the server closed (EOF or reset) before sending more bytes; false when bytes came or it timed out. */
    boolean closedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset also means the server closed
        }
    }

    /** Greeting with no-auth, then CONNECT; returns after the success reply. */
    void connect(byte[] request) throws IOException {
        send(Socks5Bytes.greeting(0x00), request);
        expect(new byte[] {5, 0});
        expect(Socks5Bytes.reply(0x00));
    }

    void expect(byte[] expected) throws IOException {
        byte[] actual = readExactly(expected.length);
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("expected " + Arrays.toString(expected) + " but got " + Arrays.toString(actual));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
