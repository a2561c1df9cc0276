package alknet.config;

import alknet.api.Limits;
import alknet.api.Startups;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The value of every {@link Setting} after precedence (20-auth-config.md section 5):
 * CLI flag > environment variable {@code ALKNET_<FLAG>} > TOML file > built-in default.
 * Flags are only those the user typed (picocli {@code ParseResult.hasMatchedOption}), never picocli defaults,
 * so an environment variable or the file is not shadowed by a default. Typed getters name the origin on error.
 */
public final class EffectiveSettings {
    public static final String CONFIG_FLAG = "config";
    public static final String CONFIG_ENV = "ALKNET_CONFIG";

    private final Map<Setting, ResolvedSetting> values;
    private final AlknetConfigFile file;

    private EffectiveSettings(Map<Setting, ResolvedSetting> values, AlknetConfigFile file) {
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
        Map<Setting, ResolvedSetting> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            values.put(s, resolveOne(s, flags, env, file));
        }
        return new EffectiveSettings(values, file);
    }

    /** The {@code --config} file from the flag or {@code ALKNET_CONFIG}, if any. */
    public static Optional<Path> configPath(Map<String, String> flags, Map<String, String> env) {
        String flag = flags.get(CONFIG_FLAG);
        String value = present(flag) ? flag : env.get(CONFIG_ENV);
        return present(value) ? Optional.of(expandHome(value.strip())) : Optional.empty();
    }

    private static ResolvedSetting resolveOne(Setting s, Map<String, String> flags, Map<String, String> env,
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
        return new ResolvedSetting(s, s.defaultValue(), SettingSource.DEFAULT, "default");
    }

    public ResolvedSetting get(Setting s) {
        return values.get(s);
    }

    public SettingSource source(Setting s) {
        return values.get(s).source();
    }

    public Optional<String> text(Setting s) {
        return Optional.ofNullable(values.get(s).value());
    }

    /** The value of a setting that always has one (a default), e.g. LISTEN. */
    public String string(Setting s) {
        return text(s).orElseThrow(() -> new IllegalStateException(s + " has no value and no default"));
    }

    public int integer(Setting s) {
        ResolvedSetting r = values.get(s);
        try {
            return Integer.parseInt(string(s));
        } catch (NumberFormatException e) {
            throw new ConfigException(r.origin() + ": '" + r.value() + "' is not a whole number; write digits only, e.g. 100");
        }
    }

    public Duration duration(Setting s) {
        ResolvedSetting r = values.get(s);
        return DurationText.parse(string(s), r.origin());
    }

    public boolean bool(Setting s) {
        ResolvedSetting r = values.get(s);
        return switch (string(s).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(r.origin() + ": '" + r.value() + "' is not a boolean; use true or false");
        };
    }

    /** A file or directory; a leading {@code ~/} means the user's home. Relative paths are relative to the working directory. */
    public Optional<Path> path(Setting s) {
        return text(s).map(EffectiveSettings::expandHome);
    }

    /** A comma-separated setting (flag and env) or TOML list, e.g. CLUSTER_MEMBERS; empty when unset. */
    public List<String> list(Setting s) {
        return text(s).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
    }

    /** {@link Limits} from the limit settings; Limits' own checks apply (message prefixed by the origin). */
    public Limits limits() {
        int perIp = integer(Setting.MAX_CONNECTIONS_PER_IP);
        int attempts = integer(Setting.MAX_AUTH_ATTEMPTS);
        Startups startups = startups(Setting.MAX_STARTUPS);
        int startupsPerIp = integer(Setting.MAX_STARTUPS_PER_IP);
        Duration authTimeout = duration(Setting.AUTH_TIMEOUT);
        int channels = integer(Setting.MAX_CHANNELS_PER_SESSION);
        try {
            return new Limits(perIp, attempts, startups, startupsPerIp, authTimeout, channels);
        } catch (IllegalArgumentException e) {
            String flag = e.getMessage().split(" ", 2)[0];
            String origin = Arrays.stream(Setting.values()).filter(s -> s.flag().equals(flag)).findFirst()
                    .map(s -> values.get(s).origin()).orElse("limits");
            throw new ConfigException(origin + ": " + e.getMessage(), e);
        }
    }

    /** {@code N} or OpenSSH's {@code start:rate:full}. */
    public Startups startups(Setting s) {
        ResolvedSetting r = values.get(s);
        try {
            return Startups.parse(string(s));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.origin() + ": " + e.getMessage(), e);
        }
    }

    public AlknetConfigFile file() {
        return file;
    }

    public List<ResolvedSetting> all() {
        return List.copyOf(values.values());
    }

    /** Every setting, one per line, with its source: the body of a {@code --print-config} output. */
    public String describe() {
        return values.values().stream().map(ResolvedSetting::describe).collect(Collectors.joining("\n"));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    static Path expandHome(String value) {
        if (value.equals("~") || value.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + value.substring(1));
        }
        return Path.of(value);
    }
}
