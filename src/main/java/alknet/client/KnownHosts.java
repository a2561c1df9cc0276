package alknet.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * alknet's own known-hosts file ({@code ~/.alknet/known_hosts}): one line per server, {@code host:port SHA256:fp}.
 * Loaded once; new entries are appended. Not OpenSSH's format on purpose: it stores fingerprints, not keys.
 */
public final class KnownHosts {
    private final Path file;
    private final Map<String, String> fingerprints;

    private KnownHosts(Path file, Map<String, String> fingerprints) {
        this.file = file;
        this.fingerprints = fingerprints;
    }

    public static KnownHosts load(Path file) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && !parts[0].startsWith("#")) {
                    entries.put(parts[0], parts[1]);
                }
            }
        }
        return new KnownHosts(file, entries);
    }

    public static String hostKey(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public synchronized Optional<String> fingerprint(String hostPort) {
        return Optional.ofNullable(fingerprints.get(hostPort));
    }

    public synchronized void remember(String hostPort, String fingerprint) throws IOException {
        fingerprints.put(hostPort, fingerprint);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, hostPort + " " + fingerprint + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public Path file() {
        return file;
    }
}
