package alknet.config;

import alknet.api.AuthOptions;
import alknet.api.ServeOptions;
import alknet.auth.AuthConfigReader;

import java.nio.file.Path;

/**
 * The {@code [auth]} part of a load as {@link AuthOptions} (20-auth-config.md sections 1-3), checked as the server
 * will use it: the key files named are read, each {@code [[auth.identities]]} key parsed; errors name the TOML line
 * (or the key file's own line) and the fix.
 */
final class AuthOptionsReader {
    private AuthOptionsReader() {}

    static AuthOptions read(EffectiveSettings s, Path dataDir) {
        TomlConfig.AuthTable table = s.file().toml().auth();
        AlknetConfigFile file = s.file();
        AuthOptions auth = AuthOptions.DEFAULT.withAuthorizedKeys(s.get(Setting.AUTHORIZED_KEYS))
                .withCertAuthorities(s.get(Setting.CERT_AUTHORITY));
        if (table.defaultScopes() != null) {
            auth = auth.withDefaultScopes(table.defaultScopes());
        }
        for (int i = 0; i < table.identities().size(); i++) {
            TomlConfig.IdentityEntry entry = table.identities().get(i);
            String where = file.where("auth", "identities", i, "key");
            try {
                AuthConfigReader.plainKey(entry.key(), "identity");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage(), e);
            }
            auth = auth.withIdentity(entry.key(), entry.scopes(), entry.resources());
        }
        auth = auth.withTokens(tokens(table.token(), file));
        try {
            AuthConfigReader.read(auth, dataDir.resolve(ServeOptions.AUTHORIZED_KEYS_FILE)); // reads and checks every key file
        } catch (IllegalArgumentException e) {
            String origin = s.source(Setting.AUTHORIZED_KEYS) == SettingSource.DEFAULT ? "" : s.origin(Setting.AUTHORIZED_KEYS) + ": ";
            throw new ConfigException(e.getMessage().startsWith("cannot read") ? origin + e.getMessage() : e.getMessage(), e);
        }
        return auth;
    }

    private static AuthOptions.Tokens tokens(TomlConfig.TokenTable t, AlknetConfigFile file) {
        AuthOptions.Tokens tokens = Boolean.TRUE.equals(t.enabled()) ? AuthOptions.Tokens.ENABLED : AuthOptions.Tokens.DISABLED;
        if (t.maxTokenAge() != null) {
            tokens = new AuthOptions.Tokens(tokens.enabled(),
                    DurationText.parse(t.maxTokenAge(), file.where("auth", "token", "max_token_age")), null);
        }
        if (t.keys() != null) {
            tokens = new AuthOptions.Tokens(tokens.enabled(), tokens.maxAge(), EffectiveSettings.expandHome(t.keys()));
        }
        return tokens;
    }
}
