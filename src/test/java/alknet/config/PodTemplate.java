package alknet.config;

import alknet.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.fail;

/**
 * The pod template of a rendered workload: its containers' alknet args and environment as the kubelet hands them to
 * the process, the files its volumes provide, and for {@code alknet serve} the settings the process resolves.
 */
record PodTemplate(RenderedManifests manifests, JsonNode owner) {
    static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    /** What the downward API gives a pod, by example. */
    private static final Map<String, String> SAMPLE_FIELDS = Map.of(
            "metadata.name", "alknet-worker-6d5f9c7b8-x2kqp", "metadata.namespace", "alknet",
            "status.podIP", "10.244.1.7", "spec.nodeName", "node-1");

    String kind() {
        return owner.path("kind").asText();
    }

    JsonNode template() {
        return owner.at("/spec/template");
    }

    JsonNode spec() {
        return template().path("spec");
    }

    JsonNode labels() {
        return template().at("/metadata/labels");
    }

    List<JsonNode> containers() {
        return list(spec().path("containers"));
    }

    /** The container whose first arg is the alknet command {@code command}, if any. */
    Optional<JsonNode> container(String command) {
        return containers().stream().filter(c -> !args(c).isEmpty() && args(c).get(0).equals(command)).findFirst();
    }

    List<String> args(JsonNode container) {
        return list(container.path("args")).stream().map(JsonNode::asText).toList();
    }

    /** The args after the kubelet's {@code $(VAR)} expansion. */
    List<String> expandedArgs(JsonNode container) {
        Map<String, String> env = environment(container);
        return args(container).stream().map(a -> VARIABLE_REFERENCE.matcher(a)
                .replaceAll(m -> Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())))).toList();
    }

    JsonNode envEntry(JsonNode container, String name) {
        return list(container.path("env")).stream().filter(e -> e.path("name").asText().equals(name)).findFirst()
                .orElseGet(() -> fail("%s sets no variable %s", this, name));
    }

    /** Each variable's value as the process would see it; fails when a Secret or ConfigMap key is missing. */
    Map<String, String> environment(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            JsonNode from = e.path("valueFrom");
            String value = e.path("value").asText();
            if (from.has("fieldRef")) {
                value = SAMPLE_FIELDS.get(from.at("/fieldRef/fieldPath").asText());
            } else if (from.has("secretKeyRef") || from.has("configMapKeyRef")) {
                boolean secret = from.has("secretKeyRef");
                JsonNode ref = secret ? from.get("secretKeyRef") : from.get("configMapKeyRef");
                value = manifests.entry(secret ? "Secret" : "ConfigMap", ref.path("name").asText(), ref.path("key").asText())
                        .orElseGet(() -> fail("%s: %s names a key that does not exist", this, e));
            }
            env.put(e.path("name").asText(), value);
        }
        return env;
    }

    /** The settings {@code alknet serve} resolves in this container: flags > environment > --config file > defaults. */
    EffectiveSettings serveSettings(JsonNode container) {
        ParseResult parsed;
        try {
            parsed = new CommandLine(new Main()).parseArgs(expandedArgs(container).toArray(String[]::new)).subcommand();
        } catch (CommandLine.ParameterException e) {
            return fail("%s: `alknet %s` does not parse: %s", this, String.join(" ", args(container)), e.getMessage());
        }
        Map<String, String> flags = new LinkedHashMap<>(); // as ServeCommand.typedFlags: only what was typed
        for (OptionSpec option : parsed.matchedOptions()) {
            flags.put(option.longestName().replaceFirst("^--?", ""), String.join(",", option.stringValues()));
        }
        Map<String, String> env = environment(container);
        AlknetConfigFile file = EffectiveSettings.configPath(flags, env).map(path -> {
            String text = mountedFile(container, path.toString(), "ConfigMap")
                    .orElseGet(() -> fail("%s: --config %s is no file of a mounted ConfigMap", this, path));
            return AlknetConfigFile.parse(this + " " + path, text);
        }).orElse(AlknetConfigFile.none());
        return EffectiveSettings.resolve(flags, env, file);
    }

    /** The volume mounted where {@code path} lies (the deepest mount holding it). */
    JsonNode volumeAt(JsonNode container, String path) {
        JsonNode mount = mountAt(container, path);
        return list(spec().path("volumes")).stream().filter(v -> v.path("name").equals(mount.path("name"))).findFirst()
                .orElseGet(() -> fail("%s mounts volume %s, which it does not define", this, mount.path("name")));
    }

    /** The content of the file at {@code path} when a volume of {@code kind} (ConfigMap or Secret) provides it. */
    Optional<String> mountedFile(JsonNode container, String path, String kind) {
        JsonNode volume = volumeAt(container, path);
        String file = Path.of(mountAt(container, path).path("mountPath").asText()).relativize(Path.of(path)).toString();
        boolean secret = kind.equals("Secret");
        JsonNode source = volume.path(secret ? "secret" : "configMap");
        if (source.isMissingNode()) {
            return Optional.empty();
        }
        String key = list(source.path("items")).stream().filter(i -> i.path("path").asText().equals(file))
                .map(i -> i.path("key").asText()).findFirst().orElse(file);
        return manifests.entry(kind, source.path(secret ? "secretName" : "name").asText(), key);
    }

    /** A named or numbered port of this pod's containers as a number. */
    int port(JsonNode port) {
        if (port.isInt() || port.asText().matches("\\d+")) {
            return port.asInt();
        }
        return containers().stream().flatMap(c -> list(c.path("ports")).stream())
                .filter(p -> p.path("name").asText().equals(port.asText())).map(p -> p.path("containerPort").asInt())
                .findFirst().orElseGet(() -> fail("%s has no container port named %s", this, port));
    }

    /** A Service or NetworkPolicy port entry's target in this pod: targetPort, else port. */
    int target(JsonNode servicePort) {
        return port(servicePort.has("targetPort") ? servicePort.get("targetPort") : servicePort.get("port"));
    }

    private JsonNode mountAt(JsonNode container, String path) {
        return list(container.path("volumeMounts")).stream()
                .filter(m -> path.equals(m.path("mountPath").asText()) || path.startsWith(m.path("mountPath").asText() + "/"))
                .max(Comparator.comparingInt(m -> m.path("mountPath").asText().length()))
                .orElseGet(() -> fail("%s mounts nothing at %s", this, path));
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    @Override
    public String toString() {
        return kind() + " " + RenderedManifests.name(owner);
    }
}
