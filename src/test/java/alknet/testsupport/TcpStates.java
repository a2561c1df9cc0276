package alknet.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP connection states of this host from {@code /proc/net/tcp} and {@code tcp6}, read without touching the
 * sockets: e.g. the kernel still completes handshakes for a stopped server, so a client's new dial shows up.
 */
public final class TcpStates {
    public static final String ESTABLISHED = "01";

    private TcpStates() {}

    /** The states (hex codes as in /proc) of the sockets whose local port is {@code localPort}. */
    public static List<String> ofLocalPort(int localPort) {
        List<String> states = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] fields = lines.get(i).trim().split("\\s+");
                if (fields.length < 4) {
                    continue;
                }
                String address = fields[1];
                if (Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16) == localPort) {
                    states.add(fields[3]);
                }
            }
        }
        return states;
    }
}
