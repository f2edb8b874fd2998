package dev.rolegate.ops;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API description a portal team generates a client from (/q/openapi): every operation has a unique operationId,
 * the document names a server, every 503 documents Retry-After and every 201 Location, every answer X-Request-Id, and
 * every response body schema marks its (always written) properties required.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private JsonNode document;

    @BeforeEach
    void readDocument() throws Exception {
        document = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void everyOperationHasAUniqueOperationId() {
        List<String> ids = new ArrayList<>();
        SoftAssertions soft = new SoftAssertions();
        eachOperation((name, operation) -> {
            soft.assertThat(operation.path("operationId").asText()).as("operationId of %s", name).matches("[a-z][A-Za-z]+");
            ids.add(operation.path("operationId").asText());
        });
        soft.assertThat(ids).as("operations").hasSizeGreaterThanOrEqualTo(23).doesNotHaveDuplicates();
        soft.assertAll();
    }

    @Test
    void theDocumentNamesAServer() {
        assertThat(document.path("servers")).isNotEmpty();
        assertThat(document.path("servers").get(0).path("url").asText()).startsWith("https://");
    }

    @Test
    void every503DocumentsRetryAfterAndEvery201Location() {
        SoftAssertions soft = new SoftAssertions();
        int[] seen = new int[2];
        eachOperation((name, operation) -> operation.path("responses").fields().forEachRemaining(response -> {
            JsonNode headers = response.getValue().path("headers");
            soft.assertThat(headers.has("X-Request-Id")).as("%s %s documents X-Request-Id", name, response.getKey()).isTrue();
            if (response.getKey().equals("503")) {
                seen[0]++;
                soft.assertThat(headers.path("Retry-After").path("schema").path("type").asText()).as("%s 503 Retry-After", name).isEqualTo("integer");
            }
            if (response.getKey().equals("201")) {
                seen[1]++;
                soft.assertThat(headers.has("Location")).as("%s 201 Location", name).isTrue();
            }
        }));
        soft.assertThat(seen).as("503 and 201 answers documented").doesNotContain(0);
        soft.assertAll();
    }

    @Test
    void responseBodySchemasMarkEveryPropertyRequired() {
        JsonNode schemas = document.path("components").path("schemas");
        SoftAssertions soft = new SoftAssertions();
        for (String name : List.of("AwsAccount", "AccountPage", "AccountSetup", "SetupMaterial", "StatusChange", "Project", "Grant", "WorkerToken",
                "CreatedWorkerToken", "AuditPage", "AuditEvent", "Credentials", "CredentialProcessOutput", "ContainerCredentials")) {
            JsonNode schema = schemas.path(name);
            soft.assertThat(schema.isMissingNode()).as("schema %s exists", name).isFalse();
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(n -> required.add(n.asText()));
            Set<String> properties = new HashSet<>();
            schema.path("properties").fieldNames().forEachRemaining(properties::add);
            soft.assertThat(required).as("required properties of %s", name).isEqualTo(properties);
        }
        soft.assertThat(schemas.path("Problem").path("required").toString()).as("Problem leaves empty members out: only these are always there")
                .isEqualTo("[\"type\",\"title\",\"status\"]");
        soft.assertThat(schemas.path("CredentialsRequest").path("required").toString()).as("a request body keeps its own required list")
                .doesNotContain("minValiditySeconds");
        soft.assertAll();
    }

    @Test
    void created201sSendTheLocationTheyDocument() {
        String project = "p-" + UUID.randomUUID().toString().substring(0, 8);

        String location = asPortal().contentType(ContentType.JSON).body(Map.of("displayName", "Located")).put("/v1/projects/{p}", project)
                .then().statusCode(201).extract().header("Location");
        String tokenLocation = asPortal().contentType(ContentType.JSON).body(Map.of("name", "located")).post("/v1/projects/{p}/worker-tokens", project)
                .then().statusCode(201).extract().header("Location");

        assertThat(location).endsWith("/v1/projects/" + project);
        assertThat(tokenLocation).contains("/v1/projects/" + project + "/worker-tokens/");
    }

    private void eachOperation(BiConsumer<String, JsonNode> check) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(op -> {
                if (METHODS.contains(op.getKey())) {
                    check.accept(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), op.getValue());
                }
            });
        }
    }
}
