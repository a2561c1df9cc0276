package alknet.config;

import alknet.api.ClusterOptions;
import alknet.api.ListenerOptions;
import alknet.api.ServeOptions;
import alknet.api.Transport;
import alknet.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static alknet.config.RenderedManifests.containsAll;
import static alknet.config.RenderedManifests.name;
import static alknet.config.RenderedManifests.selects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * docker/k8s and docker/Dockerfile agree with the CLI they run (40-cluster-ops.md section 5). The manifests are
 * rendered with {@code kubectl kustomize}; a head's settings are resolved as {@code serve} resolves them (its args,
 * its environment, the mounted ConfigMap's alknet.toml), so probes, ports and Services are checked against the
 * addresses the process would really use. In package config for {@link ListenersReader}.
 */
class KubernetesManifestsTest {
    private static final Path MANIFESTS = Path.of("docker", "k8s");
    private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(ALKNET_[A-Z0-9_]+)");

    /** A container running {@code alknet serve} and the settings it resolves. */
    private record Head(PodTemplate pod, JsonNode container, EffectiveSettings settings) {
        @Override
        public String toString() {
            return pod.toString();
        }
    }

    @Test
    void everyObjectParsesAndEveryReferenceResolves() {
        RenderedManifests k8s = RenderedManifests.render(MANIFESTS);
        for (JsonNode o : k8s.objects()) {
            for (String field : List.of("/apiVersion", "/kind", "/metadata/name")) {
                assertThat(o.at(field).asText()).as("%s of %s", field, o).isNotBlank();
            }
        }
        assertThat(k8s.objects().stream().map(o -> o.path("kind").asText()))
                .contains("StatefulSet", "Deployment", "Service", "ConfigMap", "Secret", "NetworkPolicy");
        for (PodTemplate pod : k8s.podTemplates()) {
            for (JsonNode volume : pod.spec().path("volumes")) {
                if (volume.has("configMap")) {
                    k8s.object("ConfigMap", volume.at("/configMap/name").asText());
                } else if (volume.has("secret")) {
                    k8s.object("Secret", volume.at("/secret/secretName").asText());
                }
            }
            pod.containers().forEach(pod::environment); // every secretKeyRef and configMapKeyRef names an existing key
        }
    }

    @Test
    void containersPassOnlyFlagsOfTheirAlknetCommand() {
        SoftAssertions.assertSoftly(soft -> {
            for (PodTemplate pod : RenderedManifests.render(MANIFESTS).podTemplates()) {
                for (JsonNode container : pod.containers()) {
                    String where = pod + " container " + container.path("name").asText();
                    soft.assertThat(container.has("command")).as("%s sets command: keep the image's ENTRYPOINT (java"
                            + " -jar /app/alknet.jar) and give the alknet command in args", where).isFalse();
                    command(soft, where, pod.args(container)).ifPresent(command -> {
                        for (String arg : pod.args(container)) {
                            if (arg.startsWith("--")) {
                                String flag = arg.split("=", 2)[0];
                                soft.assertThat(command.findOption(flag)).as("%s passes %s, which `alknet %s` does not"
                                        + " have", where, flag, command.name()).isNotNull();
                            }
                        }
                        try {
                            new CommandLine(new Main()).parseArgs(pod.expandedArgs(container).toArray(String[]::new));
                        } catch (CommandLine.ParameterException e) {
                            soft.fail("%s: `alknet %s` does not parse: %s", where, String.join(" ", pod.args(container)),
                                    e.getMessage());
                        }
                    });
                }
            }
        });
    }

    @Test
    void everyAlknetVariableNamesASettingOfTheCommand() {
        SoftAssertions.assertSoftly(soft -> {
            for (PodTemplate pod : RenderedManifests.render(MANIFESTS).podTemplates()) {
                for (JsonNode container : pod.containers()) {
                    String where = pod + " container " + container.path("name").asText();
                    command(soft, where, pod.args(container)).ifPresent(command -> {
                        Set<String> known = variablesOf(command);
                        for (String name : pod.environment(container).keySet()) {
                            if (name.startsWith("ALKNET_")) {
                                soft.assertThat(known).as("%s sets %s, which `alknet %s` does not read", where, name,
                                        command.name()).contains(name);
                            }
                        }
                    });
                }
            }
        });
    }

    @Test
    void headsAreProbedAndScrapedOnTheOpsAddress() {
        for (Head head : heads()) {
            HostPort ops = HostPort.parse(head.settings().get(Setting.OPS_LISTEN), ServeOptions.DEFAULT_OPS_PORT, "ops");
            assertThat(ops.host()).as("%s: ops_listen %s is loopback, but kubelet probes and Prometheus come from"
                    + " outside the pod; use 0.0.0.0", head, ops).isNotIn("localhost", "::1").doesNotStartWith("127.");
            assertProbe(head, "livenessProbe", "/livez", ops.port());
            assertProbe(head, "readinessProbe", "/readyz", ops.port());
            if (head.container().has("startupProbe")) { // on /readyz it would restart heads still waiting to join
                assertProbe(head, "startupProbe", "/livez", ops.port());
            }
            JsonNode annotations = head.pod().template().at("/metadata/annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).as("%s scrape annotation", head).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/port").asText()).as("%s scrape port", head)
                    .isEqualTo(String.valueOf(ops.port()));
            assertThat(annotations.path("prometheus.io/path").asText()).as("%s scrape path", head).isEqualTo("/metrics");
        }
    }

    @Test
    void containerPortsAreTheListenersOpsAndClusterPortsAndServicesReachEveryListener() {
        RenderedManifests k8s = RenderedManifests.render(MANIFESTS);
        for (Head head : heads()) {
            List<ListenerOptions> listeners = ListenersReader.read(head.settings());
            Set<Integer> expected = new LinkedHashSet<>();
            listeners.forEach(l -> expected.add(l.port()));
            expected.add(HostPort.parse(head.settings().get(Setting.OPS_LISTEN), 0, "ops").port());
            if (head.settings().get(Setting.CLUSTER)) {
                expected.add(head.settings().get(Setting.CLUSTER_PORT));
            }
            Set<Integer> declared = new LinkedHashSet<>();
            head.container().path("ports").forEach(p -> declared.add(p.path("containerPort").asInt()));
            assertThat(declared).as("%s containerPorts against its listeners, ops and cluster ports", head)
                    .containsExactlyInAnyOrderElementsOf(expected);
            Set<Integer> published = new LinkedHashSet<>();
            for (JsonNode service : k8s.servicesSelecting(head.pod(), false)) {
                for (JsonNode port : service.at("/spec/ports")) {
                    int target = head.pod().target(port);
                    assertThat(listeners.stream().map(ListenerOptions::port)).as("Service %s port %s reaches no listener"
                            + " of %s", name(service), port.path("port").asInt(), head).contains(target);
                    published.add(target);
                }
            }
            for (ListenerOptions l : listeners) {
                assertThat(l.host()).as("%s listener %s binds loopback", head, l).doesNotStartWith("127.");
                assertThat(published).as("%s: no Service publishes listener %s", head, l).contains(l.port());
            }
        }
    }

    @Test
    void headlessServiceCarriesTheClusterPortForDiscovery() {
        RenderedManifests k8s = RenderedManifests.render(MANIFESTS);
        for (Head head : heads()) {
            EffectiveSettings s = head.settings();
            assertThat(s.get(Setting.CLUSTER)).as("%s runs without cluster", head).isTrue();
            ClusterOptions cluster = new ClusterOptions(true, s.get(Setting.CLUSTER_MEMBERS),
                    s.get(Setting.CLUSTER_K8S_SERVICE), s.get(Setting.CLUSTER_HOST), s.get(Setting.CLUSTER_PORT),
                    s.get(Setting.CLUSTER_NAME)); // its own checks: a way to find members, a name that is not "dev"
            assertThat(cluster.k8sService()).as("%s cluster.k8s_service", head).isNotNull();
            JsonNode service = k8s.object("Service", cluster.k8sService().split("\\.")[0]);
            assertThat(service.at("/spec/clusterIP").asText()).as("Service %s must be headless", name(service)).isEqualTo("None");
            assertThat(service.at("/spec/publishNotReadyAddresses").asBoolean())
                    .as("Service %s must list heads before they are ready (ready needs joined)", name(service)).isTrue();
            assertThat(selects(service.at("/spec/selector"), head.pod().labels())).as("Service %s selects %s",
                    name(service), head).isTrue();
            assertThat(service.at("/spec/ports")).as("Service %s carries port %s to the pods' %s", name(service),
                    cluster.port(), cluster.port()).anySatisfy(p -> {
                assertThat(p.path("port").asInt()).isEqualTo(cluster.port());
                assertThat(head.pod().target(p)).isEqualTo(cluster.port());
            });
            if (head.pod().kind().equals("StatefulSet")) {
                assertThat(head.pod().owner().at("/spec/serviceName").asText()).isEqualTo(name(service));
            }
        }
    }

    @Test
    void configMapTomlLoadsWithAlknetsParserAndKeysComeFromSecrets() {
        for (Head head : heads()) {
            EffectiveSettings s = head.settings(); // AlknetConfigFile.parse has read the ConfigMap's alknet.toml
            assertThat(s.file().isNone()).as("%s has no --config / ALKNET_CONFIG", head).isFalse();
            TomlConfig toml = s.file().toml();
            assertThat(toml.forwarding().defaultAction()).as("%s forwarding.default", head).isEqualTo("deny");
            assertThat(toml.auth().identities()).as("%s: an [[auth.identities]] entry lets the workers' key register"
                    + " any alias (scope node:register, resources.node = [\"*\"]), since aliases are pod names", head)
                    .anySatisfy(i -> {
                        assertThat(i.scopes()).contains("node:register");
                        assertThat(i.resources().get("node")).contains("*");
                    });
            for (Setting<Path> key : List.of(Setting.KEY, Setting.AUTHORIZED_KEYS)) {
                assertThat(s.get(key)).as("%s %s", head, key).isNotNull();
                assertThat(head.pod().mountedFile(head.container(), s.get(key).toString(), "Secret"))
                        .as("%s %s %s comes from a mounted Secret", head, key, s.get(key)).isPresent();
            }
            assertThat(head.pod().volumeAt(head.container(), s.get(Setting.DATA_DIR).toString()).has("emptyDir"))
                    .as("%s data dir %s is a writable emptyDir", head, s.get(Setting.DATA_DIR)).isTrue();
        }
    }

    @Test
    void workersRegisterUnderTheirPodNameAtTheHeadService() {
        RenderedManifests k8s = RenderedManifests.render(MANIFESTS);
        List<Head> heads = heads();
        List<PodTemplate> workers = k8s.podTemplates().stream().filter(p -> p.container("worker").isPresent()).toList();
        assertThat(workers).as("a workload running `alknet worker`").isNotEmpty();
        for (PodTemplate worker : workers) {
            JsonNode container = worker.container("worker").orElseThrow();
            List<String> args = worker.args(container);
            Matcher name = PodTemplate.VARIABLE_REFERENCE.matcher(flagValue(args, "--name").orElse(""));
            assertThat(name.matches()).as("%s --name must be $(VAR) from the downward API", worker).isTrue();
            assertThat(worker.envEntry(container, name.group(1)).at("/valueFrom/fieldRef/fieldPath").asText())
                    .as("%s %s", worker, name.group(1)).isEqualTo("metadata.name");
            String identity = flagValue(args, "--identity").orElse("");
            assertThat(worker.mountedFile(container, identity, "Secret")).as("%s --identity %s from a Secret", worker,
                    identity).isPresent();
            for (String address : flagValue(args, "--head").orElse("").split(",")) {
                HostPort head = HostPort.parse(address.strip(), ServeOptions.DEFAULT_PORT, "--head");
                JsonNode service = k8s.object("Service", head.host().split("\\.")[0]);
                JsonNode port = portOf(service, head.port());
                assertThat(heads).as("--head %s: Service %s selects head pods with a TCP listener behind port %s",
                        address, name(service), head.port()).anySatisfy(h -> {
                    assertThat(selects(service.at("/spec/selector"), h.pod().labels())).isTrue();
                    assertThat(ListenersReader.read(h.settings())).anySatisfy(l -> {
                        assertThat(l.port()).isEqualTo(h.pod().target(port));
                        assertThat(l.transport()).isEqualTo(Transport.TCP);
                    });
                });
            }
        }
    }

    @Test
    void networkPolicyAdmitsTheMemberPortFromHeadPodsOnly() {
        RenderedManifests k8s = RenderedManifests.render(MANIFESTS);
        for (Head head : heads()) {
            int memberPort = head.settings().get(Setting.CLUSTER_PORT);
            JsonNode headSelector = head.pod().owner().at("/spec/selector/matchLabels");
            List<JsonNode> policies = k8s.all("NetworkPolicy").stream()
                    .filter(p -> selects(p.at("/spec/podSelector/matchLabels"), head.pod().labels()))
                    .filter(p -> p.at("/spec/policyTypes").toString().contains("Ingress")).toList();
            assertThat(policies).as("an Ingress NetworkPolicy selects %s", head).isNotEmpty();
            boolean admitted = false;
            for (JsonNode policy : policies) {
                for (JsonNode rule : policy.at("/spec/ingress")) {
                    if (!admitsPort(rule, memberPort, head.pod())) {
                        continue;
                    }
                    admitted = true;
                    assertThat(rule.path("from")).as("NetworkPolicy %s admits port %s from anywhere", name(policy),
                            memberPort).isNotEmpty();
                    for (JsonNode peer : rule.path("from")) {
                        boolean headPodsOnly = peer.has("podSelector") && !peer.has("namespaceSelector")
                                && !peer.has("ipBlock") && containsAll(peer.at("/podSelector/matchLabels"), headSelector);
                        assertThat(headPodsOnly).as("NetworkPolicy %s admits port %s from %s, not only from head pods",
                                name(policy), memberPort, peer).isTrue();
                    }
                }
            }
            assertThat(admitted).as("no NetworkPolicy rule admits the member port %s between heads", memberPort).isTrue();
        }
    }

    @Test
    void podsRunAsTheImageUserWithReadOnlyRootAndOutlastTheDrain() throws IOException {
        long imageUser = Long.parseLong(DockerfileInstructions.read(DOCKERFILE).last("USER").split(":")[0]);
        for (PodTemplate pod : RenderedManifests.render(MANIFESTS).podTemplates()) {
            JsonNode security = pod.spec().path("securityContext");
            assertThat(security.path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", pod).isTrue();
            assertThat(security.path("runAsUser").asLong()).as("%s runs as the image's user", pod).isEqualTo(imageUser);
            assertThat(security.path("fsGroup").asLong()).as("%s fsGroup lets that user read Secret files", pod)
                    .isEqualTo(imageUser);
            for (JsonNode container : pod.containers()) {
                assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as("%s", pod).isTrue();
                assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as("%s", pod).isFalse();
                assertThat(pod.volumeAt(container, "/tmp/x").has("emptyDir")).as("%s: java.io.tmpdir /tmp is a writable"
                        + " emptyDir (JVM, Netty's native library)", pod).isTrue();
            }
        }
        for (Head head : heads()) {
            long grace = head.pod().spec().path("terminationGracePeriodSeconds").asLong(30);
            Duration drain = head.settings().get(Setting.DRAIN_TIMEOUT);
            assertThat(grace).as("%s terminationGracePeriodSeconds against drain timeout %s plus serve's 5 s margin", head,
                    drain).isGreaterThan(drain.toSeconds() + 5);
        }
    }

    @Test
    void dockerfileBuildsWithTheReadmeCommandAndRunsTheJar() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README.md has a ```sh block").isTrue();
        String[] steps = block.group(1).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst()
                .orElseThrow().split("&&");
        String build = steps[0].strip();
        List<String> run = List.of(steps[1].strip().split("\\s+"));
        String jar = run.get(run.indexOf("-jar") + 1);
        DockerfileInstructions docker = DockerfileInstructions.read(DOCKERFILE);
        String buildStage = docker.copyFromStage();
        assertThat(docker.runCommands(buildStage)).as("%s stage %s runs the README's build command", DOCKERFILE,
                buildStage).contains(build);
        assertThat(docker.all("COPY")).as("the image takes the jar the README runs")
                .contains("--from=" + buildStage + " " + docker.workdir(buildStage) + "/" + jar + " /app/alknet.jar")
                .contains("bin/alknet /app/bin/alknet");
        assertThat(new ObjectMapper().readValue(docker.last("ENTRYPOINT"), String[].class))
                .as("ENTRYPOINT: the launcher (class-data cache); JVM options belong in JAVA_TOOL_OPTIONS")
                .containsExactly("/app/bin/alknet");
        String launcher = Files.readString(Path.of("bin/alknet"));
        assertThat(launcher).as("the launcher finds the image's jar and runs it with java -jar")
                .contains("/app/alknet.jar").containsPattern("exec \"\\$java\".*-jar \"\\$jar\"");
        assertThat(docker.all("ENV")).anySatisfy(env -> assertThat(env).startsWith("JAVA_TOOL_OPTIONS="));
        assertThat(docker.all("ENV")).as("image ALKNET_* variables would beat the manifests' --config file unseen")
                .noneMatch(env -> env.startsWith("ALKNET_"));
        assertThat(docker.last("USER").split(":")[0]).as("the image runs as a non-root user").isNotIn("root", "0");
        assertThat(docker.all("EXPOSE").stream().flatMap(e -> List.of(e.split(" ")).stream())
                .map(p -> Integer.parseInt(p.split("/")[0]))).contains(ServeOptions.DEFAULT_PORT, 443,
                ServeOptions.DEFAULT_OPS_PORT, ClusterOptions.DEFAULT_PORT);
        List<String> copied = docker.copiedSources(buildStage);
        Matcher pomSource = Pattern.compile("<source>([^<]+)</source>").matcher(Files.readString(Path.of("pom.xml")));
        while (pomSource.find()) { // build-helper adds these to the compilation, which runs even with -DskipTests
            assertThat(copied).as("the build stage copies %s, which pom.xml compiles", pomSource.group(1))
                    .contains(pomSource.group(1));
        }
        for (String source : copied) {
            assertThat(Path.of(source)).as("COPY source %s", source).exists();
        }
    }

    private static List<Head> heads() {
        List<Head> heads = new ArrayList<>();
        for (PodTemplate pod : RenderedManifests.render(MANIFESTS).podTemplates()) {
            pod.container("serve").ifPresent(c -> heads.add(new Head(pod, c, pod.serveSettings(c))));
        }
        assertThat(heads).as("a workload running `alknet serve`").isNotEmpty();
        return heads;
    }

    /** The alknet command a container runs (its first arg), or a soft failure naming it when alknet has none. */
    private static Optional<CommandSpec> command(SoftAssertions soft, String where, List<String> args) {
        if (args.isEmpty()) {
            soft.fail("%s has no args (the alknet command)", where);
            return Optional.empty();
        }
        // Uninterpolated, so option defaults show the ${env:ALKNET_...} variables they read.
        Map<String, CommandLine> commands = new CommandLine(new Main()).setInterpolateVariables(false).getSubcommands();
        CommandLine command = commands.get(args.get(0));
        if (command == null) {
            soft.fail("%s runs `alknet %s`, but alknet has no '%s' command (alknet.cli.Main has %s)", where, args.get(0),
                    args.get(0), commands.keySet());
            return Optional.empty();
        }
        return Optional.of(command.getCommandSpec());
    }

    /** serve's variables are its settings' (plus ALKNET_CONFIG); other commands read theirs through option defaults. */
    private static Set<String> variablesOf(CommandSpec command) {
        Set<String> names = new LinkedHashSet<>();
        if (command.name().equals("serve")) {
            Setting.all().forEach(s -> names.add(s.envName()));
            names.add(EffectiveSettings.CONFIG_ENV);
        }
        for (OptionSpec option : command.options()) {
            Matcher m = ENV_DEFAULT.matcher(String.valueOf(option.defaultValue()));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static Optional<String> flagValue(List<String> args, String flag) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(flag) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (args.get(i).startsWith(flag + "=")) {
                return Optional.of(args.get(i).substring(flag.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static JsonNode portOf(JsonNode service, int port) {
        for (JsonNode p : service.at("/spec/ports")) {
            if (p.path("port").asInt() == port) {
                return p;
            }
        }
        return fail("Service %s has no port %s", name(service), port);
    }

    /** NetworkPolicy semantics: no ports (or a port entry without port) admits every port. */
    private static boolean admitsPort(JsonNode rule, int port, PodTemplate pod) {
        if (rule.path("ports").isEmpty()) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            if (!p.has("port")) {
                return true;
            }
            int from = pod.port(p.get("port"));
            if (port == from || (p.has("endPort") && port >= from && port <= p.get("endPort").asInt())) {
                return true;
            }
        }
        return false;
    }

    private static void assertProbe(Head head, String probe, String path, int opsPort) {
        JsonNode get = head.container().path(probe).path("httpGet");
        assertThat(get.path("path").asText()).as("%s %s path", head, probe).isEqualTo(path);
        assertThat(head.pod().port(get.path("port"))).as("%s %s port against the ops port", head, probe).isEqualTo(opsPort);
        assertThat(get.path("scheme").asText("HTTP")).as("%s %s scheme", head, probe).isEqualTo("HTTP");
    }
}
