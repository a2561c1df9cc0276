package alknet.testsupport;

import alknet.api.ListenerOptions;
import alknet.api.ServeOptions;
import alknet.api.impl.ServerNode;
import alknet.api.TlsFiles;

import java.util.List;

/** The ports of a test server with its TCP listener plus the TLS and WebSocket listeners {@link #addTlsAndWs} adds. */
public record TransportListeners(int tcp, int tls, int ws) {
    /** Adds a TLS listener with {@code files} and a plain WebSocket listener on {@code wsPath}, both on free ports. */
    public static ServeOptions addTlsAndWs(ServeOptions options, TlsFiles files, String wsPath) {
        return options.addListener(ListenerOptions.tls("127.0.0.1", 0, files, false))
                .addListener(ListenerOptions.webSocket("127.0.0.1", 0, wsPath, null));
    }

    public static TransportListeners of(AlknetTestNodes nodes) {
        List<Integer> ports = ((ServerNode) nodes.server()).sshPorts();
        if (ports.size() != 3) {
            throw new IllegalStateException("expected TCP, TLS and WebSocket listeners, got ports " + ports);
        }
        return new TransportListeners(ports.get(0), ports.get(1), ports.get(2));
    }
}
