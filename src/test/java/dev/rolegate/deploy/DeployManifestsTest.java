package dev.rolegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rolegate.session.SessionConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes packaging under k8s/, rendered as kustomize renders it (and compared with {@code kubectl kustomize}
 * where kubectl is installed): every object parses against the Kubernetes API models with no unknown field, the
 * custom resources carry their required fields, and what the manifests configure exists in the application.
 */
class DeployManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    /** The ops slice's values until application.properties sets them: Quarkus's shutdown delay and timeout. */
    private static final Duration ASSUMED_SHUTDOWN_DELAY = Duration.ofSeconds(5);
    private static final Duration ASSUMED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The trusted-cluster keys fixed by the contract of issue 10 (notes/contracts-10-11.md), accepted only while
     * WorkerAuthConfig does not define rolegate.workers.kubernetes.clusters at all; once it does, the real mapping decides.
     */
    private static final Set<String> CLUSTER_CONTRACT_SUFFIXES = Set.of("issuer", "audience", "verification", "jwks-url",
            "jwks-file", "api-server-url", "bearer-token-file", "ca-file");

    private static ConfigKeys keys;
    private static Properties packagedProperties;

    @BeforeAll
    static void loadConfiguration() throws IOException {
        keys = ConfigKeys.load(Path.of("target/classes"));
        packagedProperties = new Properties();
        try (var reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            packagedProperties.load(reader);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "agent", "pki", "overlays/dev", "overlays/production"})
    void everyBuiltInObjectParsesAgainstTheKubernetesModelsWithNoUnknownField(String kustomization) {
        for (ObjectNode object : Kustomize.render(K8S.resolve(kustomization))) {
            if (!KubernetesModels.BUILT_IN_GROUPS.contains(KubernetesModels.groupOf(object))) {
                continue;
            }
            Class<?> model = KubernetesModels.BUILT_IN.get(KubernetesModels.typeOf(object));
            assertThat(model).as("model of %s", KubernetesModels.typeOf(object)).isNotNull();
            assertThat(KubernetesModels.unknownFields(KubernetesModels.parse(object, model)))
                    .as("unknown fields of %s %s", object.path("kind").asText(), object.path("metadata").path("name").asText())
                    .isEmpty();
        }
    }

    @Test
    void theExamplesParseAgainstTheKubernetesModelsWithNoUnknownField() throws IOException {
        try (Stream<Path> files = Files.list(K8S.resolve("examples"))) {
            List<Path> examples = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(examples).hasSize(2);
            for (Path example : examples) {
                for (JsonNode object : Kustomize.readDocuments(example)) {
                    Object parsed = KubernetesModels.parse(object, KubernetesModels.BUILT_IN.get(KubernetesModels.typeOf(object)));
                    assertThat(KubernetesModels.unknownFields(parsed)).as("unknown fields in %s", example).isEmpty();
                }
            }
        }
    }

    @Test
    void unknownFieldsAreFoundAtAnyDepth() {
        ObjectNode deployment = find(Kustomize.render(K8S.resolve("base")), "Deployment", "rolegate");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/securityContext")).put("readOnlyRootFileSystem", true);
        assertThat(KubernetesModels.unknownFields(KubernetesModels.parse(deployment, Deployment.class)))
                .containsExactly("/spec/template/spec/containers/0/securityContext/readOnlyRootFileSystem");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "agent", "pki", "overlays/dev", "overlays/production"})
    void theRendererAgreesWithKubectlKustomizeWhenKubectlIsInstalled(String kustomization) throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", K8S.resolve(kustomization).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String rendered = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        Path file = Files.createTempFile("kustomize", ".yaml");
        try {
            Files.writeString(file, rendered);
            assertThat(byIdentity(Kustomize.readDocuments(file))).isEqualTo(byIdentity(new ArrayList<>(Kustomize.render(K8S.resolve(kustomization)))));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theRendererRefusesWhatItDoesNotImplement() throws IOException {
        Path dir = Files.createTempDirectory("kustomize");
        try {
            Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\nimages:\n  - name: rolegate\n    newTag: '1'\n");
            assertThatThrownBy(() -> Kustomize.render(dir)).hasMessageContaining("'images' is outside the subset");
        } finally {
            Files.delete(dir.resolve("kustomization.yaml"));
            Files.delete(dir);
        }
    }

    @Test
    void overlaysPatchTheSettingsTheyAreMeantTo() {
        List<ObjectNode> dev = Kustomize.render(K8S.resolve("overlays/dev"));
        assertThat(find(dev, "ConfigMap", "rolegate-env").at("/data/QUARKUS_DATASOURCE_JDBC_URL").asText()).contains("rolegate-pg-rw.rolegate.svc");
        assertThat(find(dev, "ConfigMap", "rolegate-env").at("/data/ROLEGATE_SESSION_ROLE_CHAINING").asText()).isEqualTo("true");
        assertThat(find(dev, "Deployment", "rolegate").at("/spec/template/spec/topologySpreadConstraints/1/whenUnsatisfiable").asText()).isEqualTo("ScheduleAnyway");
        List<ObjectNode> production = Kustomize.render(K8S.resolve("overlays/production"));
        assertThat(find(production, "Deployment", "rolegate").at("/spec/template/spec/topologySpreadConstraints/1/whenUnsatisfiable").asText()).isEqualTo("DoNotSchedule");
        assertThat(production).noneMatch(o -> o.path("kind").asText().equals("Cluster"));
        assertThat(dev).filteredOn(o -> o.path("kind").asText().equals("Cluster")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/production"})
    void customResourcesCarryTheirRequiredFields(String overlay) {
        Map<String, Integer> seen = new HashMap<>();
        for (ObjectNode object : Kustomize.render(K8S.resolve(overlay))) {
            String type = KubernetesModels.typeOf(object);
            String name = type + " " + object.at("/metadata/name").asText();
            switch (type) {
                case "cert-manager.io/v1/Certificate" -> {
                    assertThat(object.at("/spec/secretName").asText()).as(name).isNotBlank();
                    assertThat(object.at("/spec/issuerRef/name").asText()).as(name).isNotBlank();
                    assertThat(object.at("/spec/issuerRef/kind").asText()).as(name).isIn("Issuer", "ClusterIssuer");
                }
                case "cert-manager.io/v1/ClusterIssuer" -> assertThat(object.at("/spec").size()).as(name + ": one issuer type").isEqualTo(1);
                case "monitoring.coreos.com/v1/ServiceMonitor" -> {
                    assertThat(object.at("/spec/selector").isObject()).as(name).isTrue();
                    assertThat(object.at("/spec/endpoints").size()).as(name).isPositive();
                }
                case "monitoring.coreos.com/v1/PrometheusRule" -> object.at("/spec/groups").forEach(group -> {
                    assertThat(group.path("name").asText()).as(name).isNotBlank();
                    group.path("rules").forEach(rule -> {
                        assertThat(rule.path("expr").asText()).as(name).isNotBlank();
                        assertThat(rule.has("alert") ^ rule.has("record")).as(name + ": alert or record").isTrue();
                    });
                });
                case "postgresql.cnpg.io/v1/Cluster" -> {
                    assertThat(object.at("/spec/instances").asInt()).as(name).isPositive();
                    assertThat(object.at("/spec/storage/size").asText()).as(name).isNotBlank();
                }
                default -> assertThat(KubernetesModels.BUILT_IN).as("a kind nobody checks: " + type).containsKey(type);
            }
            seen.merge(type, 1, Integer::sum);
        }
        assertThat(seen).containsKeys("cert-manager.io/v1/Certificate", "monitoring.coreos.com/v1/ServiceMonitor",
                "monitoring.coreos.com/v1/PrometheusRule", "apps/v1/Deployment", "apps/v1/DaemonSet", "batch/v1/Job",
                "policy/v1/PodDisruptionBudget", "autoscaling/v2/HorizontalPodAutoscaler", "networking.k8s.io/v1/NetworkPolicy");
    }

    @Test
    void everyEnvironmentVariableTheApplicationIsGivenIsARunTimeKeyOfTheApplication() {
        for (String overlay : List.of("overlays/dev", "overlays/production")) {
            List<ObjectNode> objects = Kustomize.render(K8S.resolve(overlay));
            for (String variable : applicationEnvironment(objects)) {
                String key = keys.forEnvironmentVariable(variable).orElse(null);
                assertThat(key).as("%s (%s) sets no configuration key of the application", variable, overlay).isNotNull();
                assertThat(keys.phase(key)).as("%s sets the build-time key %s, which a container cannot change", variable, key)
                        .isEqualTo(ConfigKeys.Phase.RUN_TIME);
            }
        }
    }

    @Test
    void environmentVariablesThatAreNoKeyAreCaught() {
        assertThat(keys.forEnvironmentVariable("ROLEGATE_SETUP_PUBLIC_BASE_URL")).contains("rolegate.setup.public-base-url");
        assertThat(keys.forEnvironmentVariable("ROLEGATE_CRYPTO_KEYS_K1")).isPresent();
        assertThat(keys.forEnvironmentVariable("ROLEGATE_SETUP_PUBLIC_BASEURL")).isEmpty();
        assertThat(keys.forEnvironmentVariable("QUARKUS_HTTP_SSL_PORTS")).isEmpty();
        assertThat(keys.phase(keys.forEnvironmentVariable("QUARKUS_DATASOURCE_METRICS_ENABLED").orElseThrow())).isEqualTo(ConfigKeys.Phase.BUILD_TIME);
    }

    @Test
    void everyKeyOfTheMountedPropertiesFileIsAKeyOfTheApplication() throws IOException {
        Properties mounted = new Properties();
        mounted.load(new StringReader(find(Kustomize.render(K8S.resolve("base")), "ConfigMap", "rolegate-config").at("/data/application.properties").asText()));
        assertThat(mounted).isNotEmpty();
        boolean clustersMerged = keys.hasKeyStartingWith("rolegate.workers.kubernetes.clusters.");
        for (String key : mounted.stringPropertyNames()) {
            if (!clustersMerged && isClusterContractKey(key)) {
                continue;
            }
            String known = keys.forPropertyKey(key).orElse(null);
            assertThat(known).as("%s is no configuration key of the application", key).isNotNull();
            assertThat(keys.phase(known)).as(key).isEqualTo(ConfigKeys.Phase.RUN_TIME);
        }
    }

    @Test
    void theDeploymentServesHttpsOnTheProbedAndScrapedPortAndPaths() {
        List<ObjectNode> objects = Kustomize.render(K8S.resolve("overlays/production"));
        Deployment deployment = KubernetesModels.parse(find(objects, "Deployment", "rolegate"), Deployment.class);
        Container rolegate = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new HashMap<>();
        rolegate.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        int sslPort = Integer.parseInt(env.get("QUARKUS_HTTP_SSL_PORT"));
        assertThat(env).containsEntry("QUARKUS_HTTP_INSECURE_REQUESTS", "disabled");
        assertThat(rolegate.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getContainerPort()).isEqualTo(sslPort);
            assertThat(p.getName()).isEqualTo("https");
        });
        String health = "/" + quarkus("quarkus.http.non-application-root-path", "q") + "/" + quarkus("quarkus.smallrye-health.root-path", "health");
        assertProbe(rolegate.getStartupProbe().getHttpGet(), health + "/" + quarkus("quarkus.smallrye-health.startup.path", "started"));
        assertProbe(rolegate.getLivenessProbe().getHttpGet(), health + "/" + quarkus("quarkus.smallrye-health.liveness-path", "live"));
        assertProbe(rolegate.getReadinessProbe().getHttpGet(), health + "/" + quarkus("quarkus.smallrye-health.readiness-path", "ready"));

        JsonNode service = find(objects, "Service", "rolegate");
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("https");
        JsonNode endpoint = find(objects, "ServiceMonitor", "rolegate").at("/spec/endpoints/0");
        assertThat(endpoint.path("port").asText()).isEqualTo(service.at("/spec/ports/0/name").asText());
        assertThat(endpoint.path("scheme").asText()).isEqualTo("https");
        assertThat(endpoint.path("path").asText()).isEqualTo("/" + quarkus("quarkus.http.non-application-root-path", "q") + "/"
                + quarkus("quarkus.micrometer.export.prometheus.path", "metrics"));
        assertThat(find(objects, "NetworkPolicy", "rolegate").at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(sslPort);
    }

    @Test
    void theDeploymentMeetsTheRestrictedPodSecurityStandardAndMountsWhatTheImageReads() throws IOException {
        Deployment deployment = KubernetesModels.parse(find(Kustomize.render(K8S.resolve("base")), "Deployment", "rolegate"), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey())
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        Container container = pod.getContainers().get(0);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        Map<String, String> mounts = new LinkedHashMap<>();
        container.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), m.getName()));
        assertThat(mounts).containsEntry("/tmp", "tmp");
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("tmp");
            assertThat(v.getEmptyDir()).isNotNull();
        });
        String workdir = Dockerfiles.parse(Path.of("src/main/docker/Dockerfile.jvm")).workdir();
        assertThat(mounts).containsEntry(workdir + "/config", "config");
        assertThat(Dockerfiles.parse(Path.of("src/main/docker/Dockerfile.native")).workdir()).isEqualTo(workdir);
        Map<String, String> env = new HashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        assertThat(mounts).containsKey(Path.of(env.get("QUARKUS_TLS_KEY_STORE_PEM_0_CERT")).getParent().toString());
    }

    @Test
    void theGracePeriodOutlastsTheApplicationsShutdownDelayAndTimeout() {
        Deployment deployment = KubernetesModels.parse(find(Kustomize.render(K8S.resolve("base")), "Deployment", "rolegate"), Deployment.class);
        Duration delay = duration("quarkus.shutdown.delay", ASSUMED_SHUTDOWN_DELAY);
        Duration timeout = duration("quarkus.shutdown.timeout", ASSUMED_SHUTDOWN_TIMEOUT);
        assertThat(Duration.ofSeconds(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()))
                .isGreaterThan(delay.plus(timeout));
    }

    @Test
    void migrationsRunAsAJobOfTheSameImageWithTheMigrationRoleAndTheApplicationDoesNot() {
        List<ObjectNode> objects = Kustomize.render(K8S.resolve("base"));
        Container app = KubernetesModels.parse(find(objects, "Deployment", "rolegate"), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        Container migrate = KubernetesModels.parse(find(objects, "Job", "rolegate-migrations"), Job.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(migrate.getImage()).isEqualTo(app.getImage());
        assertThat(value(migrate, "QUARKUS_INIT_AND_EXIT")).isEqualTo("true");
        assertThat(value(app, "QUARKUS_FLYWAY_MIGRATE_AT_START")).isEqualTo("false");
        assertThat(secretOf(migrate, "QUARKUS_DATASOURCE_USERNAME")).isEqualTo("rolegate-db-migrator");
        assertThat(secretOf(app, "QUARKUS_DATASOURCE_USERNAME")).isEqualTo("rolegate-db-app");
        assertThat(secretOf(app, "QUARKUS_DATASOURCE_PASSWORD")).isEqualTo("rolegate-db-app");
    }

    @Test
    void everySeriesTheAlertsAndTheDashboardReadIsOneTheApplicationExports() throws IOException {
        String rules = find(Kustomize.render(K8S.resolve("base")), "PrometheusRule", "rolegate").toString();
        String dashboard = Files.readString(K8S.resolve("monitoring/grafana-dashboard.json"));
        String sources = mainSources();
        Set<String> series = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(rolegate_[a-z_]+|agroal_[a-z_]+)").matcher(rules + dashboard);
        while (m.find()) {
            series.add(m.group(1));
        }
        assertThat(series).contains("rolegate_session_refresh_backlog", "rolegate_session_soonest_expiry_seconds",
                "rolegate_account_revocations_total", "rolegate_sts_calls_total", "rolegate_audit_rejections_total", "agroal_awaiting_count");
        for (String name : series) {
            if (name.startsWith("agroal_")) {
                assertThat(packagedProperties.getProperty("quarkus.datasource.metrics.enabled")).as(name + " needs the pool's metrics").isEqualTo("true");
            } else {
                assertThat(meterNames(name)).as("meter behind %s", name).anyMatch(sources::contains);
            }
        }
    }

    @Test
    void theSoonestExpiryAlertFiresBelowTheSmallestRefreshMargin() throws Exception {
        String rules = find(Kustomize.render(K8S.resolve("base")), "PrometheusRule", "rolegate").toString();
        Matcher threshold = Pattern.compile("min\\(rolegate_session_soonest_expiry_seconds\\) < (\\d+)").matcher(rules);
        assertThat(threshold.find()).isTrue();
        String shortMargin = SessionConfig.Prefetch.class.getMethod("shortSessions").getAnnotation(WithDefault.class).value();
        assertThat(Long.parseLong(threshold.group(1))).isEqualTo(parseDuration(shortMargin).toSeconds());
    }

    @Test
    void theNodeAgentListensOnTheLinkLocalAddressItsInitContainerAdds() {
        JsonNode daemonSet = find(Kustomize.render(K8S.resolve("agent")), "DaemonSet", "rolegate-agent");
        JsonNode pod = daemonSet.at("/spec/template/spec");
        assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
        JsonNode init = pod.at("/initContainers/0");
        assertThat(init.at("/securityContext/capabilities/add").toString()).isEqualTo("[\"NET_ADMIN\"]");
        JsonNode agent = pod.at("/containers/0");
        Map<String, String> env = new HashMap<>();
        agent.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(init.at("/command/2").asText()).contains(env.get("ROLEGATE_AGENT_LISTEN_HOST") + "/32");
        assertThat(env).containsEntry("ROLEGATE_AGENT_LISTEN_PORT", "80").containsEntry("ROLEGATE_AGENT_ADMIN_PORT", "9911")
                .containsEntry("ROLEGATE_AGENT_UPSTREAM_URL", "https://rolegate.rolegate.svc:8443");
        assertThat(agent.at("/livenessProbe/httpGet/port").asText()).isEqualTo("admin");
        assertThat(agent.at("/resources/limits/memory").asText()).isEqualTo("128Mi");
    }

    private static boolean isClusterContractKey(String key) {
        Matcher m = Pattern.compile("rolegate\\.workers\\.kubernetes\\.clusters\\.\"[^\"]+\"\\.([a-z-]+)").matcher(key);
        return m.matches() && CLUSTER_CONTRACT_SUFFIXES.contains(m.group(1));
    }

    /** Environment variable names given to rolegate's own containers (not the agent's), envFrom ConfigMaps included. */
    private static Set<String> applicationEnvironment(List<ObjectNode> objects) {
        Set<String> names = new TreeSet<>();
        for (ObjectNode object : objects) {
            if (!Set.of("Deployment", "Job").contains(object.path("kind").asText())) {
                continue;
            }
            for (JsonNode container : object.at("/spec/template/spec/containers")) {
                container.path("env").forEach(e -> names.add(e.path("name").asText()));
                for (JsonNode from : container.path("envFrom")) {
                    if (from.has("configMapRef")) {
                        find(objects, "ConfigMap", from.at("/configMapRef/name").asText()).path("data").fieldNames().forEachRemaining(names::add);
                    }
                }
            }
        }
        assertThat(names).contains("QUARKUS_DATASOURCE_JDBC_URL", "ROLEGATE_SETUP_PUBLIC_BASE_URL", "ROLEGATE_SETUP_PLATFORM_ACCOUNT_ID",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER", "ROLEGATE_SESSION_ROLE_CHAINING", "QUARKUS_TLS_KEY_STORE_PEM_0_CERT");
        return names;
    }

    private static void assertProbe(HTTPGetAction probe, String path) {
        assertThat(probe.getPath()).isEqualTo(path);
        assertThat(probe.getScheme()).isEqualTo("HTTPS");
        assertThat(probe.getPort().getStrVal()).isEqualTo("https");
    }

    private static String quarkus(String key, String quarkusDefault) {
        return packagedProperties.getProperty(key, quarkusDefault).replaceAll("^/|/$", "");
    }

    private static Duration duration(String key, Duration assumed) {
        String value = packagedProperties.getProperty(key);
        return value == null ? assumed : parseDuration(value);
    }

    /** A Quarkus duration: ISO-8601, or a number with a unit (ms, s, m, h, d). */
    private static Duration parseDuration(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE).matcher(value.trim());
        assertThat(m.matches()).as("duration " + value).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2).toLowerCase()) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** The Micrometer names a Prometheus series may come from: with its type or unit suffix or without, dots for underscores. */
    private static List<String> meterNames(String series) {
        return Stream.of(series, series.replaceAll("_(total|bucket|count|sum|max)$", ""),
                        series.replaceAll("_seconds_(bucket|count|sum|max)$", ""), series.replaceAll("_seconds$", ""))
                .distinct().map(s -> "\"" + s.replace('_', '.') + "\"").toList();
    }

    private static String mainSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private static String value(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static String secretOf(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef().getName();
    }

    private static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static Map<String, JsonNode> byIdentity(List<? extends JsonNode> objects) {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode o : objects) {
            byId.put(KubernetesModels.typeOf(o) + " " + o.at("/metadata/namespace").asText() + "/" + o.at("/metadata/name").asText(), o);
        }
        return byId;
    }
}
