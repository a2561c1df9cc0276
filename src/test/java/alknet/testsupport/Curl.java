package alknet.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the real {@code curl}, the client users point at alknet's SOCKS5 port (10-tunnel.md section 6). */
public final class Curl {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Curl() {}

    /** {@code curl -sS --max-time 20 --socks5-hostname 127.0.0.1:socksPort url}; stdout is the body. */
    public static ExternalCommand.Result viaSocks5Hostname(int socksPort, String url) {
        return run("--socks5-hostname", "127.0.0.1:" + socksPort, url);
    }

    /** {@code curl -sS --max-time 20 args...} (bounded; never reads stdin). */
    public static ExternalCommand.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(Arrays.asList(args));
        return ExternalCommand.run(TIMEOUT, command);
    }
}
