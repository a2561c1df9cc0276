package alknet.ssh;

import alknet.ssh.io.StreamIoAcceptor;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/** MINA's SshServer, exposing the stream acceptor that transport verticles feed. */
final class StreamSshServer extends SshServer {
    static StreamSshServer withDefaults() {
        return (StreamSshServer) ServerBuilder.builder().factory(StreamSshServer::new).build();
    }

    StreamIoAcceptor streamAcceptor() {
        return (StreamIoAcceptor) acceptor;
    }
}
