package alknet.api.impl;

import alknet.api.ConfigSource;
import alknet.api.ListenerOptions;
import alknet.api.ReloadResult;
import alknet.api.ServeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A configuration reload (20-auth-config.md section 5): re-loads the options from their source, builds and checks the
 * new hot-reloadable part and swaps it in one step; on any error the running config stays, one line
 * {@code config reload failed reason=...} (file and line, never a secret) is logged and the error goes to the caller.
 * Static settings keep their running values; a change to them is logged as {@code needs restart: ...}.
 */
final class ConfigReload {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.config");

    /** A successful reload: what it changed, and per running listener the reloaded one with TLS files to apply live. */
    record Outcome(ReloadResult result, List<ListenerOptions> liveTls) {}

    private final ConfigSource source;
    private final ServeOptions running;
    private final DynamicConfigHolder target;
    private ServeOptions last;

    ConfigReload(ConfigSource source, ServeOptions running, DynamicConfigHolder target) {
        this.source = Objects.requireNonNull(source, "source");
        this.running = running;
        this.last = running;
        this.target = target;
    }

    /** Blocking (reads files): call off the event loop. Serialized, so two triggers at once reload one after the other. */
    synchronized Outcome reload() {
        ServeOptions next;
        DynamicConfig built;
        try {
            next = source.load();
            built = DynamicConfig.of(next);
        } catch (RuntimeException e) {
            LOG.warn("config reload failed reason={}", oneLine(e));
            throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException(oneLine(e), e);
        }
        DynamicConfig before = target.get();
        target.swap(built);
        List<String> changed = new ArrayList<>();
        if (!last.auth().equals(next.auth()) || !before.authorizedKeys().equals(built.authorizedKeys())) {
            changed.add("auth");
        }
        if (!last.forwarding().equals(next.forwarding())) {
            changed.add("forwarding");
        }
        if (!last.limits().equals(next.limits())) {
            changed.add("limits");
        }
        List<String> needsRestart = staticChanges(running, next);
        last = next;
        LOG.info("config reloaded changed={}", changed.isEmpty() ? "none" : String.join(",", changed));
        if (!needsRestart.isEmpty()) {
            LOG.warn("config reload kept static settings, needs restart: {}", String.join(", ", needsRestart));
        }
        return new Outcome(new ReloadResult(changed, needsRestart), liveTls(running.listeners(), next.listeners()));
    }

    private static List<String> staticChanges(ServeOptions a, ServeOptions b) {
        List<String> names = new ArrayList<>();
        boolean sameListeners = a.listeners().size() == b.listeners().size();
        for (int i = 0; sameListeners && i < a.listeners().size(); i++) {
            sameListeners = a.listeners().get(i).sameEndpoint(b.listeners().get(i));
        }
        if (!sameListeners) {
            names.add("listen");
        }
        add(names, "host_key", a.hostKey(), b.hostKey());
        add(names, "data_dir", a.dataDir(), b.dataDir());
        add(names, "proxy", a.proxy(), b.proxy());
        add(names, "ops_listen", a.opsEnabled() + a.opsHost() + ":" + a.opsPort(), b.opsEnabled() + b.opsHost() + ":" + b.opsPort());
        add(names, "raw_listen", a.rawHost() + ":" + a.rawPort(), b.rawHost() + ":" + b.rawPort());
        add(names, "max_frame", a.maxFrame(), b.maxFrame());
        add(names, "cluster", a.cluster(), b.cluster());
        add(names, "keepalive", a.keepalive(), b.keepalive());
        add(names, "drain_timeout", a.drainTimeout(), b.drainTimeout());
        add(names, "ciphers", a.ciphers(), b.ciphers());
        return names;
    }

    /** Per running listener: the reloaded one when it is the same endpoint and has TLS files, else null. */
    private static List<ListenerOptions> liveTls(List<ListenerOptions> running, List<ListenerOptions> reloaded) {
        List<ListenerOptions> out = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            ListenerOptions next = i < reloaded.size() ? reloaded.get(i) : null;
            out.add(next != null && running.get(i).sameEndpoint(next) && next.tls() != null ? next : null);
        }
        return out;
    }

    private static void add(List<String> names, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            names.add(name);
        }
    }

    /** The message on one line: multi-problem errors are joined, class names only when there is no message. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
    }
}
