package dev.rolegate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The published OpenAPI document tells portal developers every outcome and every field. */
@QuarkusTest
class OpenApiTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String CONTAINER_PROTOCOL_PATH = "/v1/container-credentials/";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "patch", "delete", "head", "options", "trace");

    private Map<String, Object> document;

    @BeforeEach
    void fetchDocument() {
        document = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("$");
    }

    /** One operation of the document. */
    record Operation(String method, String path, Map<String, Object> definition) {

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> responses() {
            return (Map<String, Map<String, Object>>) definition.getOrDefault("responses", Map.of());
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    @Test
    void documentListsTheV1Operations() {
        assertThat(v1Operations()).as("the checks below would pass vacuously on an empty document").hasSizeGreaterThanOrEqualTo(11);
    }

    @Test
    void everyV1OperationDocumentsASuccessResponse() {
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : v1Operations()) {
            List<String> successes = operation.responses().keySet().stream().filter(code -> code.startsWith("2")).toList();
            softly.assertThat(successes).as("%s documents a 2xx response", operation).isNotEmpty();
            successes.forEach(code -> softly.assertThat((String) operation.responses().get(code).get("description"))
                    .as("%s %s has a description", operation, code).isNotBlank());
        }
        softly.assertAll();
    }

    static Stream<Arguments> requiredErrorStatuses() {
        return Stream.of("400", "401", "403").map(Arguments::of);
    }

    @ParameterizedTest(name = "every /v1 operation documents {0} as a Problem")
    @MethodSource("requiredErrorStatuses")
    void everyV1OperationDocumentsTheErrorStatusAsAProblem(String status) {
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : v1Operations()) {
            Map<String, Object> response = operation.responses().get(status);
            softly.assertThat(response).as("%s documents %s", operation, status).isNotNull();
            if (response != null) {
                assertProblemContent(softly, operation, status, response);
            }
        }
        softly.assertAll();
    }

    @Test
    void everyDocumentedErrorResponseIsAProblem() {
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : v1Operations()) {
            operation.responses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertProblemContent(softly, operation, status, response);
                }
            });
        }
        softly.assertAll();
    }

    @Test
    void everySuccessResponseWithABodyDocumentsItsSchema() {
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : v1Operations()) {
            operation.responses().forEach((status, response) -> {
                if (status.startsWith("2") && !status.equals("204")) {
                    softly.assertThat(jsonSchemaRef(response)).as("%s %s application/json schema", operation, status).isNotNull();
                }
            });
        }
        softly.assertAll();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyV1OperationRequiresADefinedBearerScheme() {
        Map<String, Object> components = (Map<String, Object>) document.get("components");
        Map<String, Map<String, Object>> schemes = (Map<String, Map<String, Object>>) components.getOrDefault("securitySchemes", Map.of());
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : v1Operations()) {
            List<Map<String, Object>> security = (List<Map<String, Object>>) operation.definition().getOrDefault("security", List.of());
            softly.assertThat(security).as("%s declares a security requirement", operation).isNotEmpty();
            security.stream().flatMap(requirement -> requirement.keySet().stream()).forEach(name -> {
                softly.assertThat(schemes).as("%s requires scheme '%s'", operation, name).containsKey(name);
                if (schemes.containsKey(name)) {
                    softly.assertThat(schemes.get(name)).as("scheme %s", name).containsEntry("scheme", "bearer");
                }
            });
        }
        softly.assertAll();
    }

    @ParameterizedTest(name = "every property of {0} has a description")
    @ValueSource(strings = {"AwsAccount", "SetupMaterial", "Problem", "RegisterAccountRequest", "SetupAccountRequest"})
    void everyPropertyOfTheSchemaHasADescription(String schemaName) {
        Map<String, Map<String, Object>> properties = properties(schemaName);

        assertThat(properties).as("schema %s has properties", schemaName).isNotEmpty();
        SoftAssertions softly = new SoftAssertions();
        properties.forEach((property, definition) -> softly.assertThat((String) definition.get("description"))
                .as("%s.%s description", schemaName, property).isNotBlank());
        softly.assertAll();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPropertyOfEveryObjectSchemaHasADescription() {
        Map<String, Map<String, Object>> schemas = (Map<String, Map<String, Object>>) ((Map<String, Object>) document.get("components")).get("schemas");
        SoftAssertions softly = new SoftAssertions();
        schemas.forEach((schemaName, schema) -> {
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.getOrDefault("properties", Map.of());
            properties.forEach((property, definition) -> softly.assertThat((String) definition.get("description"))
                    .as("%s.%s description", schemaName, property).isNotBlank());
        });
        softly.assertAll();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void assertProblemContent(SoftAssertions softly, Operation operation, String status, Map<String, Object> response) {
        softly.assertThat((String) response.get("description")).as("%s %s description", operation, status).isNotBlank();
        if (operation.path().startsWith(CONTAINER_PROTOCOL_PATH)) {
            // The AWS container-credentials protocol defines its own error body, {"code","message"}.
            softly.assertThat(jsonSchemaRef(response)).as("%s %s schema", operation, status).isEqualTo("#/components/schemas/ContainerCredentialsError");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) response.getOrDefault("content", Map.of());
        softly.assertThat(content.keySet()).as("%s %s media types", operation, status).containsExactly(PROBLEM_JSON);
        Map<String, Object> media = content.get(PROBLEM_JSON);
        if (media != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = (Map<String, Object>) media.getOrDefault("schema", Map.of());
            softly.assertThat(schema.get("$ref")).as("%s %s schema", operation, status).isEqualTo(PROBLEM_REF);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object jsonSchemaRef(Map<String, Object> response) {
        Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) response.getOrDefault("content", Map.of());
        // An export streams its schema's objects one per line; a streamed body documents its schema just the same.
        Map<String, Object> json = content.getOrDefault("application/json", content.get("application/x-ndjson"));
        if (json == null || !(json.get("schema") instanceof Map<?, ?> schema)) {
            return null;
        }
        return schema.get("$ref") != null ? schema.get("$ref") : schema.get("type");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> properties(String schemaName) {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, Object> schema = (Map<String, Object>) schemas.get(schemaName);
        assertThat(schema).as("schema %s is published", schemaName).isNotNull();
        return (Map<String, Map<String, Object>>) schema.getOrDefault("properties", Map.of());
    }

    @SuppressWarnings("unchecked")
    private List<Operation> v1Operations() {
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                item.forEach((method, definition) -> {
                    if (HTTP_METHODS.contains(method)) {
                        operations.add(new Operation(method, path, (Map<String, Object>) definition));
                    }
                });
            }
        });
        return operations;
    }
}
