package alknet.config;

import alknet.api.Limits;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The value of every {@link Setting} after precedence (20-auth-config.md section 5): CLI flag > environment
 * variable {@code ALKNET_<FLAG>} > TOML file > built-in default. Flags are only those the user typed (picocli
 * {@code ParseResult.matchedOptions}), never picocli defaults, so an environment variable or the file is not shadowed
 * by a default. {@link #get} parses a value once and names its origin when it is bad.
 */
public final class EffectiveSettings {
    public static final String CONFIG_FLAG = "config";
    public static final String CONFIG_ENV = "ALKNET_CONFIG";

    private final Map<Setting<?>, ResolvedSetting> values;
    private final AlknetConfigFile file;

    private EffectiveSettings(Map<Setting<?>, ResolvedSetting> values, AlknetConfigFile file) {
        this.values = values;
        this.file = file;
    }

    /**
     * @param flags explicitly given flags: long name without dashes -> value as typed ("max-startups" -> "50");
     *              names that are not a {@link Setting} (e.g. "ciphers") are ignored
     * @param env   the environment (System.getenv() in production)
     * @param file  the parsed config file, or {@link AlknetConfigFile#none()}
     */
    public static EffectiveSettings resolve(Map<String, String> flags, Map<String, String> env, AlknetConfigFile file) {
        Map<Setting<?>, ResolvedSetting> values = new LinkedHashMap<>();
        for (Setting<?> s : Setting.all()) {
            values.put(s, resolveOne(s, flags, env, file));
        }
        EffectiveSettings settings = new EffectiveSettings(values, file);
        Setting.all().forEach(settings::get); // every value parses, or the load fails naming its origin
        return settings;
    }

    /** The {@code --config} file from the flag or {@code ALKNET_CONFIG}, if any. */
    public static Optional<Path> configPath(Map<String, String> flags, Map<String, String> env) {
        String flag = flags.get(CONFIG_FLAG);
        String value = present(flag) ? flag : env.get(CONFIG_ENV);
        return present(value) ? Optional.of(expandHome(value.strip())) : Optional.empty();
    }

    private static <T> ResolvedSetting resolveOne(Setting<T> s, Map<String, String> flags, Map<String, String> env,
                                                  AlknetConfigFile file) {
        String flag = flags.get(s.flag());
        if (present(flag)) {
            return new ResolvedSetting(s, flag.strip(), SettingSource.FLAG, "--" + s.flag());
        }
        String fromEnv = env.get(s.envName());
        if (present(fromEnv)) {
            return new ResolvedSetting(s, fromEnv.strip(), SettingSource.ENV, s.envName());
        }
        String fromFile = s.fromToml(file.toml());
        if (fromFile != null) {
            return new ResolvedSetting(s, fromFile, SettingSource.FILE, file.where(s.tomlPath().toArray()));
        }
        return new ResolvedSetting(s, s.format(s.defaultValue()), SettingSource.DEFAULT, "default");
    }

    /** The typed value (the default when unset; null for a setting without default that is unset). */
    public <T> T get(Setting<T> s) {
        ResolvedSetting r = values.get(s);
        if (r.source() == SettingSource.DEFAULT) {
            return s.defaultValue();
        }
        try {
            return s.parse(r.value());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.origin() + ": " + e.getMessage(), e);
        }
    }

    public ResolvedSetting resolved(Setting<?> s) {
        return values.get(s);
    }

    public SettingSource source(Setting<?> s) {
        return values.get(s).source();
    }

    /** Where a value came from, for messages: {@code --listen}, {@code ALKNET_LISTEN}, {@code FILE:LINE key}, default. */
    public String origin(Setting<?> s) {
        return values.get(s).origin();
    }

    /**
     * {@link Limits} from the limit settings; Limits' own checks apply, their message prefixed by the origin of the
     * value at fault.
     */
    public Limits limits() {
        try {
            return new Limits(get(Setting.MAX_CONNECTIONS_PER_IP), get(Setting.MAX_AUTH_ATTEMPTS), get(Setting.MAX_STARTUPS),
                    get(Setting.MAX_STARTUPS_PER_IP), get(Setting.AUTH_TIMEOUT), get(Setting.MAX_CHANNELS_PER_SESSION));
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String flag = e.getMessage().split(" ", 2)[0]; // Limits' messages start with the flag name
            String origin = Setting.all().stream().filter(s -> s.flag().equals(flag)).findFirst()
                    .map(this::origin).orElse("limits");
            throw new ConfigException(origin + ": " + e.getMessage(), e);
        }
    }

    public AlknetConfigFile file() {
        return file;
    }

    /** Every setting, one per line, with its source: the body of a {@code --print-config} output. */
    public String describe() {
        return values.values().stream().map(ResolvedSetting::describe).collect(Collectors.joining("\n"));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** A path; a leading {@code ~/} means the user's home. Relative paths are relative to the working directory. */
    public static Path expandHome(String value) {
        if (value.equals("~") || value.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + value.substring(1));
        }
        return Path.of(value);
    }
}
