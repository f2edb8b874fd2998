package dev.rolegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset k8s/ uses and no more:
 * {@code resources} (files and directories holding a kustomization), {@code namespace} (set on every object but
 * the built-in cluster-scoped kinds, as kustomize does) and {@code patches} with a {@code path}: a strategic-merge
 * patch of maps only (matched by kind, name and namespace), or a JSON 6902 patch (replace, add, remove) with a
 * {@code target}. Anything else in a kustomization, or a list inside a strategic-merge patch (whose merge keys this
 * renderer does not know), fails the render, so the manifests cannot drift outside what is checked.
 */
final class Kustomize {

    static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> KNOWN_FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "PriorityClass", "StorageClass", "CustomResourceDefinition", "PersistentVolume", "Node");

    private Kustomize() {
    }

    /** Every object of the kustomization in {@code directory}, transformed. */
    static List<ObjectNode> render(Path directory) {
        JsonNode kustomization = readDocuments(directory.resolve("kustomization.yaml")).get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!KNOWN_FIELDS.contains(field)) {
                throw new IllegalArgumentException(directory + ": kustomization field '" + field + "' is outside the subset Kustomize renders");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else {
                readDocuments(path).forEach(d -> objects.add((ObjectNode) d));
            }
        }
        if (kustomization.hasNonNull("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            objects.stream().filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> ((ObjectNode) o.get("metadata")).put("namespace", namespace));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(directory, patch, objects);
        }
        return objects;
    }

    /** Every YAML document in {@code file}, empty documents skipped. */
    static List<JsonNode> readDocuments(Path file) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            try (var parser = new YAMLFactory().createParser(file.toFile())) {
                Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
                while (it.hasNext()) {
                    JsonNode document = it.next();
                    if (document != null && !document.isNull() && !document.isMissingNode()) {
                        documents.add(document);
                    }
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private static void applyPatch(Path directory, JsonNode entry, List<ObjectNode> objects) {
        entry.fieldNames().forEachRemaining(field -> {
            if (!Set.of("path", "target").contains(field)) {
                throw new IllegalArgumentException(directory + ": patch field '" + field + "' is outside the subset Kustomize renders");
            }
        });
        JsonNode patch = readDocuments(directory.resolve(entry.get("path").asText())).get(0);
        if (patch.isArray()) {
            ObjectNode target = find(objects, entry.get("target"), directory);
            patch.forEach(op -> applyJsonPatch(target, op));
        } else {
            ObjectNode target = find(objects, selectorOf(patch), directory);
            mergeMaps(target, (ObjectNode) patch, "");
        }
    }

    private static JsonNode selectorOf(JsonNode patch) {
        ObjectNode selector = JsonNodeFactory.instance.objectNode();
        selector.put("kind", patch.path("kind").asText());
        selector.put("name", patch.path("metadata").path("name").asText());
        if (patch.path("metadata").hasNonNull("namespace")) {
            selector.put("namespace", patch.path("metadata").path("namespace").asText());
        }
        return selector;
    }

    private static ObjectNode find(List<ObjectNode> objects, JsonNode selector, Path directory) {
        List<ObjectNode> matches = objects.stream()
                .filter(o -> o.path("kind").asText().equals(selector.path("kind").asText()))
                .filter(o -> o.path("metadata").path("name").asText().equals(selector.path("name").asText()))
                .filter(o -> !selector.has("namespace") || o.path("metadata").path("namespace").asText().equals(selector.get("namespace").asText()))
                .filter(o -> !selector.has("group") || o.path("apiVersion").asText().startsWith(selector.get("group").asText() + "/"))
                .toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(directory + ": patch target " + selector + " matches " + matches.size() + " objects");
        }
        return matches.get(0);
    }

    private static void mergeMaps(ObjectNode target, ObjectNode patch, String path) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String at = path + "/" + field.getKey();
            JsonNode value = field.getValue();
            if (value.isArray()) {
                throw new IllegalArgumentException("strategic-merge patch sets a list at " + at + ": use a JSON 6902 patch");
            }
            if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode existing) {
                mergeMaps(existing, (ObjectNode) value, at);
            } else if (value.isNull()) {
                target.remove(field.getKey());
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static void applyJsonPatch(ObjectNode target, JsonNode op) {
        String pointer = op.get("path").asText();
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = target.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        String operation = op.get("op").asText();
        if (parent.isMissingNode()) {
            throw new IllegalArgumentException("JSON patch path " + pointer + " does not exist");
        }
        switch (operation) {
            case "replace", "add" -> set(parent, last, op.get("value"), operation, pointer);
            case "remove" -> remove(parent, last, pointer);
            default -> throw new IllegalArgumentException("JSON patch op '" + operation + "' is outside the subset Kustomize renders");
        }
    }

    private static void set(JsonNode parent, String last, JsonNode value, String operation, String pointer) {
        if (parent instanceof ObjectNode object) {
            if (operation.equals("replace") && !object.has(last)) {
                throw new IllegalArgumentException("JSON patch replace of a missing member " + pointer);
            }
            object.set(last, value.deepCopy());
        } else if (parent instanceof ArrayNode array) {
            if (last.equals("-")) {
                array.add(value.deepCopy());
            } else if (operation.equals("add")) {
                array.insert(Integer.parseInt(last), value.deepCopy());
            } else {
                array.set(index(array, last, pointer), value.deepCopy());
            }
        } else {
            throw new IllegalArgumentException("JSON patch path " + pointer + " is inside a scalar " + new TextNode(parent.asText()));
        }
    }

    private static void remove(JsonNode parent, String last, String pointer) {
        if (parent instanceof ObjectNode object && object.has(last)) {
            object.remove(last);
        } else if (parent instanceof ArrayNode array) {
            array.remove(index(array, last, pointer));
        } else {
            throw new IllegalArgumentException("JSON patch remove of a missing member " + pointer);
        }
    }

    private static int index(ArrayNode array, String token, String pointer) {
        int index = Integer.parseInt(token);
        if (index < 0 || index >= array.size()) {
            throw new IllegalArgumentException("JSON patch index out of range: " + pointer);
        }
        return index;
    }
}
