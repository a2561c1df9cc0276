package alknet.config;

import alknet.auth.AuthConfig;
import alknet.auth.AuthorizedKeys;
import alknet.auth.KeyFileException;
import alknet.auth.KeyOptions;
import alknet.auth.TokenSettings;
import alknet.policy.ForwardingPolicy;
import alknet.policy.PolicyBuilder;
import alknet.policy.PolicyConfigException;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one load's {@link DynamicConfigInputs} into a complete {@link DynamicConfig} (20-auth-config.md
 * section 5): the {@code [auth]} table (identities, default scopes, token settings) on top of the authorized keys,
 * and the {@code [forwarding]} table through {@link PolicyBuilder}. Every problem is a {@link ConfigException}
 * naming file and line; nothing partial is returned.
 */
public final class DynamicConfigAssembler {
    private static final Pattern PATH_PART = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private DynamicConfigAssembler() {
    }

    public static DynamicConfig assemble(DynamicConfigInputs in) {
        return new DynamicConfig(auth(in), policy(in), in.limits());
    }

    static AuthConfig auth(DynamicConfigInputs in) {
        TomlConfig.AuthTable table = in.auth();
        AlknetConfigFile file = in.file();
        AuthConfig.Builder b = AuthConfig.builder().authorizedKeys(in.authorizedKeys());
        if (table.defaultScopes() != null) {
            b.defaultScopes(table.defaultScopes());
        }
        for (int i = 0; i < table.identities().size(); i++) {
            TomlConfig.IdentityEntry entry = table.identities().get(i);
            String where = file.where("auth", "identities", i, "key");
            try {
                b.identity(publicKey(where, entry.key()), entry.scopes(), entry.resources());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage(), e);
            }
        }
        b.tokens(tokens(table.token(), file));
        return b.build();
    }

    private static TokenSettings tokens(TomlConfig.TokenTable t, AlknetConfigFile file) {
        TokenSettings s = Boolean.TRUE.equals(t.enabled()) ? TokenSettings.ENABLED : TokenSettings.DISABLED;
        if (t.maxTokenAge() != null) {
            String where = file.where("auth", "token", "max_token_age");
            try {
                s = s.withMaxTokenAge(DurationText.parse(t.maxTokenAge(), where));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage(), e);
            }
        }
        if (t.keys() != null) {
            String where = file.where("auth", "token", "keys");
            try {
                s = s.withKeys(List.copyOf(AuthorizedKeys.read(EffectiveSettings.expandHome(t.keys())).tokenSigningKeys()));
            } catch (ConfigException | KeyFileException e) {
                throw new ConfigException(where + ": " + e.getMessage(), e);
            }
        }
        return s;
    }

    /** An {@code [[auth.identities]]} key: one plain OpenSSH public key line. */
    private static PublicKey publicKey(String where, String line) {
        AuthorizedKeys parsed;
        try {
            parsed = AuthorizedKeys.parse("key", List.of(line));
        } catch (ConfigException | KeyFileException e) {
            throw new ConfigException(where + ": " + e.getMessage().replaceFirst("^key:1: ", ""), e);
        }
        PublicKey key = parsed.size() == 1 ? parsed.keys().iterator().next() : null;
        if (key == null || !parsed.lines(key).get(0).options().equals(KeyOptions.NONE)) {
            // options belong on the authorized_keys line, where they restrict the login
            throw new ConfigException(where + ": expected one plain public key without options, e.g. key = \"ssh-ed25519 AAAA... ops@example\"");
        }
        return key;
    }

    static ForwardingPolicy policy(DynamicConfigInputs in) {
        TomlConfig.ForwardingTable t = in.forwarding();
        if (t.equals(TomlConfig.ForwardingTable.EMPTY)) {
            return ForwardingPolicy.DEFAULT;
        }
        PolicyBuilder b = new PolicyBuilder();
        if (t.defaultAction() != null) {
            b.defaultAction(t.defaultAction());
        }
        t.rules().forEach(r -> b.rule(r.target(), r.action(), r.principals(), r.transports()));
        t.listenRules().forEach(r -> b.listenRule(r.bind(), r.action(), r.principals()));
        try {
            return b.build();
        } catch (PolicyConfigException e) {
            List<String> located = new ArrayList<>();
            for (PolicyConfigException.Problem p : e.problems()) {
                located.add(in.file().where(pathOf(p.path())) + ": " + p.message());
            }
            throw new ConfigException(String.join("; ", located), e);
        }
    }

    /** {@code "forwarding.rules[3].target"} -> {@code ["forwarding", "rules", 3, "target"]}. */
    static Object[] pathOf(String dotted) {
        List<Object> parts = new ArrayList<>();
        Matcher m = PATH_PART.matcher(dotted);
        while (m.find()) {
            parts.add(m.group(1) != null ? m.group(1) : (Object) Integer.parseInt(m.group(2)));
        }
        return parts.toArray();
    }
}
