package alknet.config;

import alknet.testsupport.ExternalCommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The objects {@code kubectl kustomize DIR} renders, as JSON trees, with the lookups a manifest check needs. Without
 * kubectl on the PATH the calling test is skipped, naming the package to install.
 */
final class RenderedManifests {
    private static final Map<Path, RenderedManifests> RENDERED = new HashMap<>();

    private final List<JsonNode> objects;

    private RenderedManifests(List<JsonNode> objects) {
        this.objects = objects;
    }

    /** Renders {@code dir} once per test run. */
    static synchronized RenderedManifests render(Path dir) {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH: install it (Debian: kubernetes-client;"
                + " bash .ci/run does) to render and check " + dir);
        return RENDERED.computeIfAbsent(dir, d -> {
            String yaml = ExternalCommand.run(Duration.ofSeconds(60), kubectl.get().toString(), "kustomize", d.toString())
                    .requireSuccess().stdout();
            try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
                return new RenderedManifests(docs.readAll().stream().filter(o -> o != null && o.isObject()).toList());
            } catch (IOException e) {
                throw new AssertionError("kubectl kustomize " + d + " printed YAML that does not parse", e);
            }
        });
    }

    List<JsonNode> objects() {
        return objects;
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    JsonNode object(String kind, String name) {
        return all(kind).stream().filter(o -> name(o).equals(name)).findFirst()
                .orElseGet(() -> fail("no %s named %s in the rendered manifests", kind, name));
    }

    /** The pod templates of every workload (StatefulSet, Deployment, ...). */
    List<PodTemplate> podTemplates() {
        return objects.stream().filter(o -> o.at("/spec/template/spec/containers").isArray())
                .map(o -> new PodTemplate(this, o)).toList();
    }

    /** The Services selecting {@code pod}: the headless ones or the others. */
    List<JsonNode> servicesSelecting(PodTemplate pod, boolean headless) {
        return all("Service").stream().filter(s -> selects(s.at("/spec/selector"), pod.labels()))
                .filter(s -> s.at("/spec/clusterIP").asText().equals("None") == headless).toList();
    }

    /** A key of a ConfigMap or Secret as text (a Secret's data is base64, its stringData plain). */
    Optional<String> entry(String kind, String name, String key) {
        JsonNode object = object(kind, name);
        JsonNode plain = object.path("stringData").path(key);
        if (plain.isTextual()) {
            return Optional.of(plain.asText());
        }
        JsonNode data = object.path("data").path(key);
        if (!data.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(kind.equals("Secret")
                ? new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8) : data.asText());
    }

    static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }

    /** A label selector selects the labels when it is not empty and every pair is among them. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        return selector.isObject() && !selector.isEmpty() && containsAll(labels, selector);
    }

    static boolean containsAll(JsonNode labels, JsonNode required) {
        if (!labels.isObject() || !required.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : required.properties()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
