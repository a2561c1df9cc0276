package alknet.security;

import alknet.auth.PrivateKeyFiles;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;

/**
 * Apache MINA's SSH client for what OpenSSH will not send: a {@code direct-tcpip} open with any host text and any
 * 32-bit port, and raw global requests ({@code cancel-tcpip-forward} of someone else's port). Host keys are not
 * checked: these tests are about what the server does with bad requests.
 */
final class MinaSshClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final SshClient client;
    private final KeyPair identity;

    private MinaSshClient(SshClient client, KeyPair identity) {
        this.client = client;
        this.identity = identity;
    }

    /** A started client that logs in with the OpenSSH private key {@code identityFile}. */
    static MinaSshClient start(Path identityFile) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        return new MinaSshClient(client, PrivateKeyFiles.load(identityFile));
    }

    /** An authenticated session to 127.0.0.1:{@code port}. */
    ClientSession login(int port) throws IOException {
        ClientSession session = client.connect("tester", "127.0.0.1", port).verify(WAIT).getSession();
        try {
            session.addPublicKeyIdentity(identity);
            session.auth().verify(WAIT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    /** An authenticated session the caller ends however it likes (no {@link #WAIT}-bounded verify on connect). */
    SshClient client() {
        return client;
    }

    /**
     * Opens a {@code direct-tcpip} channel for exactly {@code host} and {@code port} as written (no validation);
     * returns the open channel, or throws {@link SshChannelOpenException} carrying the server's reason code.
     */
    static ChannelDirectTcpip openDirectTcpip(ClientSession session, String host, long port) throws IOException {
        RawDirectTcpip channel = new RawDirectTcpip(host, port);
        session.getService(ConnectionService.class).registerChannel(channel);
        OpenFuture opened = channel.open();
        if (!opened.await(WAIT)) {
            channel.close(true);
            throw new AssertionError("no answer to a direct-tcpip open within " + WAIT);
        }
        Throwable failure = opened.getException();
        if (failure instanceof SshChannelOpenException refused) {
            throw refused;
        }
        if (failure != null) {
            throw new IOException("channel open failed", failure);
        }
        return channel;
    }

    /** The server's reason code for a refused {@code direct-tcpip}, or fails when the channel opened. */
    static int refusalCode(ClientSession session, String host, long port) throws IOException {
        ChannelDirectTcpip channel;
        try {
            channel = openDirectTcpip(session, host, port);
        } catch (SshChannelOpenException e) {
            return e.getReasonCode();
        }
        channel.close(true);
        throw new AssertionError("the server opened a direct-tcpip channel it should have refused");
    }

    /** Sends a global request with want-reply; true for SSH_MSG_REQUEST_SUCCESS, false for FAILURE. */
    static boolean globalRequest(ClientSession session, String name, String host, long port) throws IOException {
        Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST);
        request.putString(name);
        request.putBoolean(true);
        if (host != null) {
            request.putString(host);
            request.putUInt(port);
        }
        return session.request(name, request, WAIT) != null;
    }

    @Override
    public void close() {
        client.stop();
    }

    /** MINA's direct-tcpip channel with the open message written by hand: any host text, any uint32 port. */
    private static final class RawDirectTcpip extends ChannelDirectTcpip {
        private final String host;
        private final long port;

        RawDirectTcpip(String host, long port) {
            super(new SshdSocketAddress("127.0.0.1", 40000), new SshdSocketAddress("127.0.0.1", 1));
            this.host = host;
            this.port = port;
        }

        @Override
        public synchronized OpenFuture open() throws IOException {
            openFuture = new DefaultOpenFuture(this, futureLock);
            Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_OPEN, 64 + host.length());
            buffer.putString(getChannelType());
            buffer.putUInt(getChannelId());
            buffer.putUInt(getLocalWindow().getSize());
            buffer.putUInt(getLocalWindow().getPacketSize());
            buffer.putString(host);
            buffer.putUInt(port);
            buffer.putString("127.0.0.1"); // originator address and port (RFC 4254 section 7.2)
            buffer.putUInt(40000);
            writePacket(buffer);
            return openFuture;
        }
    }
}
