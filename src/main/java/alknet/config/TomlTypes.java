package alknet.config;

import java.util.Collection;
import java.util.Map;

/** How to write a value of a given Java type in TOML, for type-mismatch messages. */
final class TomlTypes {
    private TomlTypes() {
    }

    static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "expected a whole number; write it without quotes, e.g. max_startups = 100";
        }
        if (type == String.class) {
            return "expected a string; write it in double quotes, e.g. listen = \"0.0.0.0:22\" or auth_timeout = \"30s\"";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "expected true or false, without quotes";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "expected a list; write it in brackets, e.g. [\"a\", \"b\"] (a table list is written [[name]])";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "expected a table; write it as [name] with keys below it, or inline as { key = \"value\" }";
        }
        return "expected " + type.getSimpleName();
    }
}
