package alknet.interop;

import alknet.testsupport.EchoServer;
import alknet.testsupport.SinkServer;

/** What every OpenSSH-against-alknet test class starts: an alknet server, an echo target and a sink target. */
record ServerAndTargets(AlknetServerForOpenSsh server, EchoServer echo, SinkServer sink) implements AutoCloseable {
    static ServerAndTargets start() throws Exception {
        AlknetServerForOpenSsh server = AlknetServerForOpenSsh.start();
        EchoServer echo = null;
        try {
            echo = EchoServer.start();
            SinkServer sink = SinkServer.start();
            Transfers.recordDestinations(echo.port(), sink.port());
            return new ServerAndTargets(server, echo, sink);
        } catch (Exception | Error e) {
            if (echo != null) {
                echo.close();
            }
            server.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try (AlknetServerForOpenSsh s = server; EchoServer e = echo; SinkServer k = sink) {
            // closed in reverse order by try-with-resources
        }
    }
}
