package alknet.api;

/**
 * Where a server's options come from, re-read on every reload (SIGHUP, {@code POST /admin/reload},
 * {@link AlknetServer#reloadConfig()}): the CLI's source reads flags, environment and the TOML file
 * (20-auth-config.md section 5). A source that cannot load throws {@link IllegalArgumentException} naming the file
 * and line; the running configuration then stays.
 */
@FunctionalInterface
public interface ConfigSource {
    /** A complete fresh load; blocking (reads files), so the server calls it off the event loop. */
    ServeOptions load();
}
