package alknet.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the whole configuration from the flags the user typed, the environment and the {@code --config} file.
 * Startup calls {@link #load()} once; a reload calls it again with the same flags and environment (only the
 * files change), diffs the static part with {@link StaticChanges} and swaps in the new dynamic part.
 */
public final class ConfigLoader {
    private final Map<String, String> flags;
    private final Map<String, String> env;

    /**
     * @param flags explicitly given flags, long name without dashes -> value ({@link EffectiveSettings#resolve})
     * @param env   the environment; System.getenv() in production
     */
    public ConfigLoader(Map<String, String> flags, Map<String, String> env) {
        this.flags = Map.copyOf(flags);
        this.env = Map.copyOf(env);
    }

    /** Reads every file afresh; throws {@link ConfigException} (file and line) and returns nothing partial. */
    public LoadedConfig load() {
        Optional<Path> configPath = EffectiveSettings.configPath(flags, env);
        AlknetConfigFile file = configPath.map(AlknetConfigFile::read).orElse(AlknetConfigFile.none());
        EffectiveSettings settings = EffectiveSettings.resolve(flags, env, file);
        StaticConfig staticConfig = StaticConfig.from(settings);
        DynamicConfigInputs dynamic = DynamicConfigSource.load(settings);
        return new LoadedConfig(settings, staticConfig, dynamic);
    }
}
