package alknet.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reloads the configuration on request (20-auth-config.md section 5): SIGHUP, {@code POST /admin/reload}, the
 * embedding API. Re-runs the {@link ConfigLoader} (TOML file and the key files named in it), builds a complete
 * new {@link DynamicConfig} and swaps it in one step; on any error the running config stays, one line
 * {@code config reload failed reason=...} (file and line, never a secret) is logged and the error is thrown to the
 * caller. Static settings keep their running values; a change to them is logged as {@code needs restart: ...}.
 */
public final class ConfigReloader {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.config");

    /**
     * What a successful reload changed: dynamic sections ("auth", "forwarding", "limits") and ignored static ones;
     * {@code tlsFiles} are the reloaded TLS files per running listener (null where a listener has none or its
     * endpoint changed), which the server applies live.
     */
    public record Result(List<String> changed, List<String> needsRestart, List<ListenerConfig> tlsFiles) {
        public Result {
            changed = List.copyOf(changed);
            needsRestart = List.copyOf(needsRestart);
            tlsFiles = java.util.Collections.unmodifiableList(new ArrayList<>(tlsFiles));
        }
    }

    private final ConfigLoader loader;
    private final StaticConfig running;
    private final DynamicConfigHolder target;
    private DynamicConfigInputs last;

    /**
     * @param initial the load the server started with (its static part stays in force until a restart)
     * @param target  the server's current dynamic config
     */
    public ConfigReloader(ConfigLoader loader, LoadedConfig initial, DynamicConfigHolder target) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.running = initial.staticConfig();
        this.last = initial.dynamic();
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Blocking (reads files): call off the event loop. Serialized, so two triggers at once reload one after the other. */
    public synchronized Result reload() {
        DynamicConfigInputs inputs;
        DynamicConfig next;
        StaticChanges statics;
        try {
            LoadedConfig loaded = loader.load();
            inputs = loaded.dynamic();
            next = DynamicConfigAssembler.assemble(inputs);
            statics = StaticChanges.between(running, loaded.staticConfig());
        } catch (RuntimeException e) {
            LOG.warn("config reload failed reason={}", oneLine(e));
            throw e instanceof ConfigException c ? c : new ConfigException(oneLine(e), e);
        }
        target.swap(next);
        Result result = new Result(changes(last, inputs), statics.needsRestart(), statics.liveTlsFiles());
        last = inputs;
        LOG.info("config reloaded changed={}", result.changed().isEmpty() ? "none" : String.join(",", result.changed()));
        if (!statics.isEmpty()) {
            LOG.warn("config reload kept static settings, {}", statics.message());
        }
        return result;
    }

    private static List<String> changes(DynamicConfigInputs before, DynamicConfigInputs after) {
        List<String> names = new ArrayList<>();
        if (!before.authorizedKeys().equals(after.authorizedKeys())
                || !before.auth().equals(after.auth())) {
            names.add("auth");
        }
        if (!before.forwarding().equals(after.forwarding())) {
            names.add("forwarding");
        }
        if (!before.limits().equals(after.limits())) {
            names.add("limits");
        }
        return names;
    }

    /** The message on one line: multi-problem policy errors are joined, exception class names only when there is no message. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
    }
}
