package dev.rolegate.http;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * What holds for every operation, written into the API description once instead of on each of them: the
 * {@code X-Request-Id} every answer echoes ({@link RequestIdFilter}), {@code Retry-After} on every 503
 * ({@link RetryAfterFilter}), {@code Location} on every 201, the server, and {@code required} on every property of
 * a response body, since rolegate's JSON writes every property of a response, null or not. A schema that declares
 * its own required list keeps it: its class leaves some properties out of the JSON (Problem, with NON_EMPTY).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocumentFilter implements OASFilter {

    private static final String COMPONENT_PREFIX = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        openApi.servers(List.of(OASFactory.createServer().url("https://{host}")
                .description("A rolegate deployment; in Kubernetes the Service of the rolegate namespace")
                .variables(Map.of("host", OASFactory.createServerVariable().defaultValue("rolegate.rolegate.svc:8443")
                        .description("Host and port of the rolegate deployment")))));
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        List<Schema> responseBodies = new ArrayList<>();
        List<Schema> requestBodies = new ArrayList<>();
        for (PathItem path : openApi.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                describeHeaders(operation);
                if (operation.getRequestBody() != null) {
                    requestBodies.addAll(schemas(operation.getRequestBody().getContent()));
                }
                if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
                    operation.getResponses().getAPIResponses().values().forEach(r -> responseBodies.addAll(schemas(r.getContent())));
                }
            }
        }
        Map<String, Schema> components = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null
                ? Map.of() : openApi.getComponents().getSchemas();
        Set<String> responseOnly = reachable(responseBodies, components);
        responseOnly.removeAll(reachable(requestBodies, components));
        responseOnly.forEach(name -> requireEveryProperty(components.get(name)));
    }

    private static void describeHeaders(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            header(response, RequestIdFilter.HEADER, "The request's correlation id: the caller's X-Request-Id when it is 1-"
                    + RequestIds.MAX_LENGTH + " characters of letters, digits and ._:-, else one rolegate generated", "string", null);
            if ("503".equals(status)) {
                header(response, "Retry-After", "Seconds to wait before trying again (rolegate.broker.retry-after-seconds)", "integer", null);
            }
            if ("201".equals(status)) {
                header(response, "Location", "The URL of the created resource", "string", "uri-reference");
            }
        });
    }

    private static void header(APIResponse response, String name, String description, String type, String format) {
        if (response.getHeaders() != null && response.getHeaders().containsKey(name)) {
            return;
        }
        Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.valueOf(type.toUpperCase(java.util.Locale.ROOT)));
        if (format != null) {
            schema.format(format);
        }
        if ("integer".equals(type)) {
            schema.minimum(java.math.BigDecimal.ONE);
        }
        Header header = OASFactory.createHeader().description(description).required(true).schema(schema);
        response.addHeader(name, header);
    }

    private static List<Schema> schemas(org.eclipse.microprofile.openapi.models.media.Content content) {
        if (content == null || content.getMediaTypes() == null) {
            return List.of();
        }
        return content.getMediaTypes().values().stream().map(MediaType::getSchema).filter(s -> s != null).toList();
    }

    /** The names of the component schemas the given schemas refer to, directly or through others. */
    private static Set<String> reachable(List<Schema> roots, Map<String, Schema> components) {
        Set<String> names = new HashSet<>();
        Deque<Schema> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            Schema schema = pending.pop();
            String ref = schema.getRef();
            if (ref != null && ref.startsWith(COMPONENT_PREFIX)) {
                String name = ref.substring(COMPONENT_PREFIX.length());
                if (names.add(name) && components.get(name) != null) {
                    pending.push(components.get(name));
                }
                continue;
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(pending::push);
            }
            if (schema.getItems() != null) {
                pending.push(schema.getItems());
            }
            if (schema.getAdditionalPropertiesSchema() != null) {
                pending.push(schema.getAdditionalPropertiesSchema());
            }
            for (List<Schema> group : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
                if (group != null) {
                    group.forEach(pending::push);
                }
            }
        }
        return names;
    }

    private static void requireEveryProperty(Schema schema) {
        if (schema != null && schema.getRequired() == null && schema.getProperties() != null && !schema.getProperties().isEmpty()) {
            schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
        }
    }
}
