package dev.rolegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys the application knows, each with the phase it is read in:
 * <ul>
 * <li>rolegate's own, from every {@code @ConfigMapping} interface under target/classes, through SmallRye Config's
 * own reading of the mapping (so {@code @WithName}, {@code @WithParentName} and map keys count as SmallRye sees them);</li>
 * <li>every Quarkus extension's, from the configuration model each extension jar ships
 * ({@code META-INF/quarkus-config-doc/quarkus-config-model.json}, with its build-time or run-time phase);</li>
 * <li>the MicroProfile JWT keys SmallRye JWT reads (from the MicroProfile JWT specification; no model lists them).</li>
 * </ul>
 * An environment variable or a properties key is matched the way SmallRye Config maps them.
 */
final class ConfigKeys {

    /** How a key is read: only {@link #RUN_TIME} keys take effect when set in a container's environment. */
    enum Phase { RUN_TIME, BUILD_TIME }

    private static final List<String> MICROPROFILE_JWT = List.of("mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location",
            "mp.jwt.verify.publickey.algorithm", "mp.jwt.verify.issuer", "mp.jwt.verify.audiences", "mp.jwt.token.header",
            "mp.jwt.token.cookie", "mp.jwt.decrypt.key.location");
    private static final String MAP_KEY = "\u0000";

    private final Map<String, Phase> keys;

    private ConfigKeys(Map<String, Phase> keys) {
        this.keys = keys;
    }

    static ConfigKeys load(Path classes) {
        Map<String, Phase> keys = new HashMap<>();
        rolegateMappings(classes).forEach(mapping -> ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping))
                .keySet().forEach(name -> keys.put(name, Phase.RUN_TIME)));
        quarkusModels(keys);
        MICROPROFILE_JWT.forEach(k -> keys.put(k, Phase.RUN_TIME));
        return new ConfigKeys(Collections.unmodifiableMap(keys));
    }

    /** The known key an environment variable sets, if any. */
    Optional<String> forEnvironmentVariable(String name) {
        return keys.keySet().stream().filter(key -> envPattern(key).matcher(name).matches()).findFirst();
    }

    /** The known key a properties-file key sets, if any. */
    Optional<String> forPropertyKey(String name) {
        return keys.keySet().stream().filter(key -> propertyPattern(key).matcher(name).matches()).findFirst();
    }

    Phase phase(String key) {
        return keys.get(key);
    }

    boolean hasKeyStartingWith(String prefix) {
        return keys.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** A key's segments, a map key ({@code *} or {@code "name"}) replaced by {@link #MAP_KEY}. */
    private static List<String> segments(String key) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : key.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == '.' && !quoted) {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        return segments.stream().map(s -> s.equals("*") || s.startsWith("\"") ? MAP_KEY : s).toList();
    }

    private static Pattern envPattern(String key) {
        StringBuilder regex = new StringBuilder();
        for (String segment : segments(key)) {
            regex.append(regex.length() == 0 ? "" : "_");
            regex.append(segment.equals(MAP_KEY) ? "[A-Z0-9_]+?" : Pattern.quote(segment.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT)));
        }
        return Pattern.compile(regex.toString());
    }

    private static Pattern propertyPattern(String key) {
        StringBuilder regex = new StringBuilder();
        for (String segment : segments(key)) {
            regex.append(regex.length() == 0 ? "" : "\\.");
            regex.append(segment.equals(MAP_KEY) ? "(\"[^\"]+\"|[^.\"]+)" : Pattern.quote(segment));
        }
        return Pattern.compile(regex.toString());
    }

    private static List<Class<?>> rolegateMappings(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(ConfigKeys::load)
                    .filter(c -> c.isInterface() && c.isAnnotationPresent(ConfigMapping.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ConfigKeys.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }

    private static void quarkusModels(Map<String, Phase> keys) {
        ObjectMapper json = new ObjectMapper();
        try {
            var models = ConfigKeys.class.getClassLoader().getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            while (models.hasMoreElements()) {
                URL model = models.nextElement();
                try (InputStream in = model.openStream()) {
                    json.readTree(in).path("configRoots").forEach(root -> collect(root.path("items"), keys));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode items, Map<String, Phase> keys) {
        for (JsonNode item : items) {
            if (item.has("items")) {
                collect(item.get("items"), keys);
                continue;
            }
            Phase phase = item.path("phase").asText().equals("RUN_TIME") ? Phase.RUN_TIME : Phase.BUILD_TIME;
            keys.put(item.path("path").path("property").asText(), phase);
            item.path("additionalPaths").forEach(p -> keys.put(p.path("property").asText(), phase));
        }
    }
}
