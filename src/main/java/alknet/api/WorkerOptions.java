package alknet.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code alknet worker} needs (40-cluster-ops.md sections 1-2): how to reach the heads (a {@link ConnectOptions},
 * SOCKS5 off unless asked for), the alias the worker registers its operations under, and the heartbeat interval.
 * The alias becomes the first segment of {@code /ALIAS/service/op} on every head, so it is checked here.
 */
public final class WorkerOptions {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    public static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);
    public static final Duration MAX_HEARTBEAT = Duration.ofSeconds(60);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** A head's own namespaces: a worker with one of these names would shadow them. */
    private static final Set<String> RESERVED = Set.of("head", "node", "services");

    private ConnectOptions connect = new ConnectOptions().noSocks5();
    private String name;
    private Duration heartbeat = DEFAULT_HEARTBEAT;

    public WorkerOptions() {}

    /** A copy of the worker settings; the {@link ConnectOptions} object is shared. */
    public WorkerOptions(WorkerOptions other) {
        this.connect = other.connect;
        this.name = other.name;
        this.heartbeat = other.heartbeat;
    }

    /** How the worker reaches its heads; by default no server yet and no SOCKS5 listener. Change it in place. */
    public ConnectOptions connect() {
        return connect;
    }

    /** Uses {@code options} as they are (a SOCKS5 listener too, if they enable one). */
    public WorkerOptions connect(ConnectOptions options) {
        this.connect = Objects.requireNonNull(options, "options");
        return this;
    }

    public String name() {
        return name;
    }

    /**
     * The alias: 1-63 characters of letters, digits, '.', '_' and '-', starting with a letter or digit, and not one
     * of a head's own namespaces (head, node, services).
     */
    public WorkerOptions name(String alias) {
        this.name = checkName(alias);
        return this;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    /** How often the worker tells its head it is alive: whole seconds, 1 to 60 (default 10). */
    public WorkerOptions heartbeat(Duration interval) {
        Objects.requireNonNull(interval, "heartbeat");
        if (interval.compareTo(MIN_HEARTBEAT) < 0 || interval.compareTo(MAX_HEARTBEAT) > 0 || interval.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("heartbeat must be whole seconds from 1 to 60, was " + interval.toMillis() + " ms");
        }
        this.heartbeat = interval;
        return this;
    }

    /** Returns {@code alias} when it is a valid worker name; otherwise says what is wrong with it. */
    public static String checkName(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw new IllegalArgumentException("worker name is empty; give --name ALIAS (or set POD_NAME)");
        }
        if (!NAME.matcher(alias).matches()) {
            throw new IllegalArgumentException("worker name '" + printable(alias) + "' is not valid: use 1-63 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit");
        }
        if (RESERVED.contains(alias.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("worker name '" + alias + "' is reserved for a head's own operations"
                    + " (head, node, services); pick another");
        }
        return alias;
    }

    /** The name as shown in an error: control characters escaped, at most 80 characters. */
    private static String printable(String alias) {
        StringBuilder out = new StringBuilder();
        alias.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format(Locale.ROOT, "\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return alias.length() > 80 ? out + "..." : out.toString();
    }
}
