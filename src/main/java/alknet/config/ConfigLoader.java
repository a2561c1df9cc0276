package alknet.config;

import alknet.api.ConfigSource;
import alknet.api.ServeOptions;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Loads the whole configuration from the flags the user typed, the environment and the {@code --config} file
 * (20-auth-config.md section 5). Startup calls {@link #load()} once; a reload calls it again through the
 * {@link ConfigSource} the options carry, with the same flags and environment (only the files change).
 */
public final class ConfigLoader {
    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final UnaryOperator<ServeOptions> commandLineOnly;

    /**
     * @param flags explicitly given flags, long name without dashes -> value ({@link EffectiveSettings#resolve})
     * @param env   the environment; System.getenv() in production
     */
    public ConfigLoader(Map<String, String> flags, Map<String, String> env) {
        this(flags, env, UnaryOperator.identity());
    }

    /** {@code commandLineOnly} applies the options that only flags set (ciphers, --no-ops), on every load. */
    public ConfigLoader(Map<String, String> flags, Map<String, String> env, UnaryOperator<ServeOptions> commandLineOnly) {
        this.flags = Map.copyOf(flags);
        this.env = Map.copyOf(env);
        this.commandLineOnly = commandLineOnly;
    }

    /** Reads every file afresh; throws {@link ConfigException} (file and line) and returns nothing partial. */
    public LoadedConfig load() {
        Optional<Path> configPath = EffectiveSettings.configPath(flags, env);
        AlknetConfigFile file = configPath.map(AlknetConfigFile::read).orElse(AlknetConfigFile.none());
        EffectiveSettings settings = EffectiveSettings.resolve(flags, env, file);
        ServeOptions options = commandLineOnly.apply(ServeOptionsReader.read(settings));
        options.configSource(() -> load().options());
        return new LoadedConfig(settings, options);
    }
}
