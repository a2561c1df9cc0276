package alknet.config;

import alknet.api.Limits;
import alknet.auth.AuthorizedKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the hot-reloadable inputs (20-auth-config.md section 5) from effective settings: reads the authorized
 * keys file and the CA files, builds {@link Limits}. Every file is read completely before anything is returned,
 * so a reload either has a whole new config or an exception naming the file and line.
 */
public final class DynamicConfigSource {
    public static final String AUTHORIZED_KEYS_FILE = "authorized_keys";

    private DynamicConfigSource() {
    }

    public static DynamicConfigInputs load(EffectiveSettings s) {
        TomlConfig toml = s.file().toml();
        return new DynamicConfigInputs(authorizedKeys(s), s.limits(), toml.auth(), toml.forwarding(), s.file());
    }

    /**
     * The authorized keys plus every CA file's keys marked {@code cert-authority}. An explicitly configured
     * file must exist; the default {@code DATA_DIR/authorized_keys} may be absent (then no key can log in).
     */
    static AuthorizedKeys authorizedKeys(EffectiveSettings s) {
        boolean explicit = s.source(Setting.AUTHORIZED_KEYS) != SettingSource.DEFAULT;
        Path file = s.path(Setting.AUTHORIZED_KEYS)
                .orElseGet(() -> s.path(Setting.DATA_DIR).orElseThrow().resolve(AUTHORIZED_KEYS_FILE));
        List<String> caFiles = s.list(Setting.CERT_AUTHORITY);
        if (!explicit && !Files.exists(file) && caFiles.isEmpty()) {
            return AuthorizedKeys.EMPTY;
        }
        List<String> lines = new ArrayList<>(explicit || Files.exists(file) ? readLines(file, s.get(Setting.AUTHORIZED_KEYS)) : List.of());
        for (String ca : caFiles) {
            Path caFile = EffectiveSettings.expandHome(ca);
            List<String> caLines = readLines(caFile, s.get(Setting.CERT_AUTHORITY)).stream()
                    .map(AuthorizedKeys::asCertAuthorityLine).toList();
            AuthorizedKeys.parse(caFile.toString(), caLines); // reports errors with the CA file's own line numbers
            lines.addAll(caLines);
        }
        return AuthorizedKeys.parse(file.toString(), lines);
    }

    /** A key file; an error names where its path was set (TOML file and line, flag or variable). */
    private static List<String> readLines(Path file, ResolvedSetting setting) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String origin = setting.source() == SettingSource.DEFAULT ? "" : setting.origin() + ": ";
            throw new ConfigException(origin + "cannot read " + file + ": " + e + " (check the path given to --"
                    + setting.setting().flag() + " or in the TOML file)", e);
        }
    }
}
