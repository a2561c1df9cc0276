package alknet.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlStreamReadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed and checked {@code --config} TOML file (20-auth-config.md section 5). Every problem (syntax, unknown
 * key, wrong type, bad duration, bad limit, bad rule action) is a {@link ConfigException} naming file and line;
 * the file is accepted as a whole or not at all.
 */
public final class AlknetConfigFile {
    private static final TomlMapper MAPPER = TomlMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
    private static final AlknetConfigFile NONE = new AlknetConfigFile("(no config file)", TomlConfig.EMPTY, TomlKeyLocator.of(""));

    private final String source;
    private final TomlConfig toml;
    private final TomlKeyLocator locator;

    private AlknetConfigFile(String source, TomlConfig toml, TomlKeyLocator locator) {
        this.source = source;
        this.toml = toml;
        this.locator = locator;
    }

    /** No file: every setting comes from flags, environment or defaults. */
    public static AlknetConfigFile none() {
        return NONE;
    }

    public static AlknetConfigFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e
                    + " (check the path given to --config / ALKNET_CONFIG)", e);
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code text}; {@code source} names it in messages (usually the file path). */
    public static AlknetConfigFile parse(String source, String text) {
        TomlConfig toml;
        try {
            toml = MAPPER.readValue(text, TomlConfig.class);
        } catch (TomlStreamReadException e) {
            throw syntaxError(source, text, e);
        } catch (JsonMappingException e) {
            throw bindingError(source, TomlKeyLocator.of(text), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot parse: " + e.getMessage(), e);
        }
        AlknetConfigFile file = new AlknetConfigFile(source, toml, TomlKeyLocator.of(text));
        TomlConfigChecks.check(file);
        return file;
    }

    public String source() {
        return source;
    }

    public TomlConfig toml() {
        return toml;
    }

    /** True when this is {@link #none()}. */
    public boolean isNone() {
        return this == NONE;
    }

    /**
     * "FILE:LINE key" for a key path such as {@code where("forwarding", "rules", 0, "target")}: the prefix of
     * any message about that value (the policy engine's conversion errors can use it too).
     */
    public String where(Object... path) {
        List<Object> p = Arrays.asList(path);
        OptionalInt line = locator.line(p);
        return source + (line.isPresent() ? ":" + line.getAsInt() : "") + ": " + TomlKeyLocator.dotted(p);
    }

    private static ConfigException syntaxError(String source, String text, TomlStreamReadException e) {
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        String problem = e.getOriginalMessage();
        if (problem.startsWith("Duplicate key")) {
            Optional<TomlKeyLocator.Entry> repeat = TomlKeyLocator.of(text).firstRepeat();
            if (repeat.isPresent()) {
                line = repeat.get().line();
                problem = "'" + TomlKeyLocator.dotted(repeat.get().path()) + "' is set twice";
            }
        }
        return new ConfigException(source + (line > 0 ? ":" + line : "") + ": TOML syntax error: " + problem
                + "; fix the syntax on that line (strings need double quotes, tables are [name],"
                + " each key once per table)", e);
    }

    private static ConfigException bindingError(String source, TomlKeyLocator locator, JsonMappingException e) {
        List<Object> path = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            path.add(r.getFieldName() != null ? r.getFieldName() : (Object) r.getIndex());
        }
        OptionalInt line = locator.line(path);
        String at = source + (line.isPresent() ? ":" + line.getAsInt() : "") + ": ";
        if (e instanceof UnrecognizedPropertyException u) {
            String key = String.valueOf(u.getPropertyName());
            List<Object> table = path.subList(0, Math.max(0, path.size() - 1));
            String where = table.isEmpty() ? "at the top level" : "in [" + TomlKeyLocator.dotted(table) + "]";
            return new ConfigException(at + "unknown key '" + key + "' " + where + "; remove it or correct the spelling"
                    + " (known keys here: " + String.join(", ", known(u)) + ")", e);
        }
        String key = TomlKeyLocator.dotted(path);
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new ConfigException(at + key + " has the wrong type: " + TomlTypes.expected(m.getTargetType()), e);
        }
        return new ConfigException(at + key + ": " + e.getOriginalMessage(), e);
    }

    private static List<String> known(UnrecognizedPropertyException u) {
        List<String> names = new ArrayList<>();
        if (u.getKnownPropertyIds() != null) {
            u.getKnownPropertyIds().forEach(id -> names.add(String.valueOf(id)));
        }
        names.sort(null);
        return names;
    }
}
