package dev.rolegate.http;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.DatabaseFingerprint;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.RawHttp;
import dev.rolegate.testsupport.TestTokens;
import dev.rolegate.testsupport.Workers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A hostile-input corpus generated from the OpenAPI document, so a new route joins it without
 * anyone listing it: every /v1 operation gets mutated path parameters, query parameters, headers,
 * media types, methods and bodies (control and bidi characters, lone surrogates, huge, negative and
 * non-numeric numbers, wrong JSON types, duplicate keys, trailing content, oversized and chunked
 * bodies, overlong ARNs). Each request otherwise carries valid credentials and valid values, so a
 * 2xx means the mutation got through. Every answer must be a 4xx, a problem document (or, under
 * /v1/container-credentials/, that protocol's {code, message}) without stack traces or class
 * names, and must leave the database as it was.
 */
@QuarkusTest
class HostileInputCorpusTest {

    private static final String CONTAINER_PREFIX = "/v1/container-credentials/";
    private static final Pattern JAVA_NAME = Pattern.compile("(?:\\b(?:java|javax|jakarta|io|org|com|dev)\\.[a-z]+\\.[A-Za-z]|Exception|\\tat |\\.java:\\d)");
    private static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete");
    private static final int MAX_REQUEST_BYTES = 16384;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();
    private final AtomicInteger names = new AtomicInteger();
    private Fixture fixture;
    /** The database as the corpus must leave it, taken again after each warm-up. */
    private String baseline;
    private long warmedUpAt;

    /** The resources every route's valid request names, and the credentials it presents. */
    record Fixture(String project, String accountId, String tokenId, String grantId, String workerToken, String portalToken) {
    }

    /**
     * One generated request. {@code refusedByVertx}: Vert.x (Netty's decoder) refuses it before any
     * hook rolegate could install, with a 400 and an empty body: a malformed percent escape in the
     * request target, or a control character in a header value.
     */
    record Case(String name, String method, String rawPath, RawHttp request, boolean refusedByVertx, int exactStatus) {

        Case(String name, String method, String rawPath, RawHttp request) {
            this(name, method, rawPath, request, false, 0);
        }

        Case(String name, String method, String rawPath, RawHttp request, boolean refusedByVertx) {
            this(name, method, rawPath, request, refusedByVertx, 0);
        }
    }

    @BeforeEach
    void connectedAccountGrantedToAWorkerToken() {
        MutableClock.shared().reset();
        sts.reset();
        String project = newProject();
        UUID account = Accounts.connected(sts, project, randomRoleArn(), 3600, 43200);
        Workers.Token token = Workers.newToken(project);
        String grantId = asPortal().contentType(ContentType.JSON).body(Map.of("identityKind", "WORKER_TOKEN", "identity", token.id()))
                .post("/v1/projects/{p}/grants", project).then().statusCode(201).extract().path("id");
        fixture = new Fixture(project, account.toString(), token.id(), grantId, token.secret(), TestTokens.portal());
        warmUp();
    }

    /**
     * One issuance warms the session and records the worker token's use. The token's last use is
     * written at most once a minute (rolegate.workers.tokens.last-used-interval), so repeating this
     * every 40 s keeps refused requests from ever being the one that writes it.
     */
    private void warmUp() {
        given().header("Authorization", fixture.workerToken).get("/v1/credential-process/{p}/{a}", fixture.project, fixture.accountId)
                .then().statusCode(200);
        baseline = stableFingerprint();
        warmedUpAt = System.nanoTime();
    }

    @TestFactory
    Stream<DynamicTest> everyMutationOfEveryRouteIsRefusedWithAProblemAndStoresNothing() {
        List<Case> cases = corpus();
        assertThat(cases).as("the corpus must stay large enough to mean something").hasSizeGreaterThanOrEqualTo(400);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertRefused(c)));
    }

    @Test
    void everyUnmutatedRequestOfTheCorpusIsAccepted() {
        // Proves the mutations are what gets refused: the same requests without them succeed.
        for (Operation operation : operations()) {
            connectedAccountGrantedToAWorkerToken();
            RawHttp.Response response = valid(operation).send(RestAssured.port);
            assertThat(response.status()).as("%s unmutated: %s", operation, response.body()).isBetween(200, 299);
        }
    }

    // ---- the corpus ------------------------------------------------------------------------------

    private List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        for (Operation operation : operations()) {
            pathMutations(operation, cases);
            queryMutations(operation, cases);
            headerMutations(operation, cases);
            if (operation.body != null) {
                mediaTypeMutations(operation, cases);
                bodyMutations(operation, cases);
            }
            cases.add(new Case(operation + " as OPTIONS", "OPTIONS", operation.rawPath(fixture),
                    authorized(operation, RawHttp.request("OPTIONS", operation.rawPath(fixture)))));
            cases.add(new Case(operation + " as TRACE", "TRACE", operation.rawPath(fixture),
                    authorized(operation, RawHttp.request("TRACE", operation.rawPath(fixture)))));
        }
        return cases;
    }

    private static final List<String> PATH_VALUES = List.of("%00", "a%00b", "%01", "%1F", "%7F", "%C2%85", "%E2%80%AE", "%E2%81%A6", "%E2%80%A8",
            "%ED%A0%80", "%C3", "%FF", "%", "%zz", "a".repeat(5000), "x".repeat(40) + "%0A");

    private void pathMutations(Operation operation, List<Case> cases) {
        for (Parameter parameter : operation.parameters("path")) {
            for (String value : PATH_VALUES) {
                String path = operation.rawPath(fixture, parameter.name, value);
                cases.add(new Case(operation + " path " + parameter.name + "=" + shown(value), operation.method, path,
                        withValidBody(operation, request(operation, path)), isMalformedEscape(value)));
            }
        }
    }

    private void queryMutations(Operation operation, List<Case> cases) {
        for (Parameter parameter : operation.parameters("query")) {
            for (String value : queryValues(parameter)) {
                String path = operation.rawPath(fixture) + "?" + parameter.name + "=" + value;
                // A number JAX-RS cannot convert must be a 400 naming the parameter, not its 404 "No such resource".
                int exactStatus = "integer".equals(parameter.type) && !isMalformedEscape(value) && value.length() < 1000 ? 400 : 0;
                cases.add(new Case(operation + " query " + parameter.name + "=" + shown(value), operation.method, operation.rawPath(fixture),
                        withValidBody(operation, request(operation, path)), isMalformedEscape(value), exactStatus));
            }
        }
    }

    private static boolean isMalformedEscape(String value) {
        return value.equals("%") || value.contains("%zz");
    }

    private static List<String> queryValues(Parameter parameter) {
        List<String> values = new ArrayList<>(List.of("%00", "a%01b", "%7F", "%C2%9B", "%E2%80%AE", "%ED%A0%80", "%zz", "a".repeat(5000)));
        if ("integer".equals(parameter.type)) {
            values.addAll(List.of("abc", "1.5", "36e2", "0x10", "2147483648", "-2147483649", "99999999999999999999", "1%2C2", "%2B%2B1"));
            long min = parameter.minimum == null ? 1 : parameter.minimum;
            values.add(String.valueOf(min - 1));
            values.add(String.valueOf(Integer.MIN_VALUE));
            if (parameter.maximum != null) {
                values.add(String.valueOf(parameter.maximum + 1));
            }
        }
        if (parameter.description.contains("ISO-8601")) {
            values.addAll(List.of("%2B1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "%2B10000-01-01T00:00:00Z", "yesterday"));
        }
        return values;
    }

    private void headerMutations(Operation operation, List<Case> cases) {
        String path = operation.rawPath(fixture);
        cases.add(new Case(operation + " Accept: application/xml", operation.method, path,
                withValidBody(operation, request(operation, path).header("Accept", "application/xml"))));
        cases.add(new Case(operation + " credential with a NUL", operation.method, path,
                withValidBody(operation, RawHttp.request(operation.method, path).header("Authorization", credential(operation) + "\u0000")), true));
        for (String value : List.of("abc\u0000def", "abc\u0001def", "abc\u007fdef")) {
            cases.add(new Case(operation + " X-Request-Id " + shown(value), operation.method, path,
                    withValidBody(operation, request(operation, path).header("X-Request-Id", value)), true));
        }
        cases.add(new Case(operation + " 20 KB of headers", operation.method, path,
                withValidBody(operation, request(operation, path).header("X-Padding", "p".repeat(20_000)))));
    }

    private static final List<String> NOT_JSON = List.of("text/plain", "*/*", "application/*", "application/json; charset=utf-16",
            "application/json; charset=iso-8859-1", "application/xml", "application/x-www-form-urlencoded", "application/problem+json",
            "text/json", "multipart/form-data; boundary=x", "garbage");

    private void mediaTypeMutations(Operation operation, List<Case> cases) {
        String path = operation.rawPath(fixture);
        byte[] body = validBody(operation).getBytes(StandardCharsets.UTF_8);
        cases.add(new Case(operation + " without Content-Type", operation.method, path, request(operation, path).body(body)));
        for (String type : NOT_JSON) {
            cases.add(new Case(operation + " Content-Type " + type, operation.method, path,
                    request(operation, path).header("Content-Type", type).body(body)));
        }
    }

    private void bodyMutations(Operation operation, List<Case> cases) {
        Map<String, Object> valid = validFields(operation);
        for (Map.Entry<String, JsonNode> property : operation.body.properties().entrySet()) {
            for (Map.Entry<String, String> value : valueMutations(property.getKey(), property.getValue()).entrySet()) {
                Map<String, Object> fields = new LinkedHashMap<>(valid);
                fields.put(property.getKey(), new Raw(value.getValue()));
                body(operation, cases, "field " + property.getKey() + " " + value.getKey(), json(fields));
            }
            if (valid.containsKey(property.getKey())) {
                String single = json(Map.of(property.getKey(), valid.get(property.getKey())));
                String duplicated = json(valid).replaceFirst("^\\{", "{" + single.substring(1, single.length() - 1) + ",");
                body(operation, cases, "duplicate key " + property.getKey(), duplicated);
            }
        }
        String body = json(valid);
        for (String trailing : List.of(" {}", " x", "]", " 1", ",{}", "\u0000")) {
            body(operation, cases, "trailing " + shown(trailing), body + trailing);
        }
        for (String whole : List.of("[]", "1", "\"text\"", "true", "null", "", "{", "{\"unknown\":1}", "[" + body + "]", "{}x",
                "{\"a\":".repeat(1200) + "1" + "}".repeat(1200))) {
            body(operation, cases, "body " + shown(whole), whole);
        }
        body(operation, cases, "unknown field", body.replaceFirst("^\\{", "{\"owner\":\"intruder\","));
        String padded = body.replaceFirst("^\\{", "{\"padding\":\"" + "x".repeat(MAX_REQUEST_BYTES) + "\",");
        body(operation, cases, "17 KB body", padded);
        String path = operation.rawPath(fixture);
        cases.add(new Case(operation + " 17 KB chunked body", operation.method, path,
                request(operation, path).header("Content-Type", "application/json").chunkedBody(padded.getBytes(StandardCharsets.UTF_8))));
        cases.add(new Case(operation + " 2 MB chunked body", operation.method, path,
                request(operation, path).header("Content-Type", "application/json").chunkedBody(new byte[2 << 20])));
        cases.add(new Case(operation + " invalid UTF-8 in the body", operation.method, path,
                request(operation, path).header("Content-Type", "application/json").body(concat(body.substring(0, body.length() - 1) + ",\"x\":\"",
                        new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}"))));
    }

    private void body(Operation operation, List<Case> cases, String what, String body) {
        String path = operation.rawPath(fixture);
        cases.add(new Case(operation + " " + shown(what), operation.method, path,
                request(operation, path).header("Content-Type", "application/json").body(body)));
    }

    /** Mutations of one property by its JSON schema type; each name is what the value does wrong. */
    private Map<String, String> valueMutations(String name, JsonNode schema) {
        Map<String, String> values = new LinkedHashMap<>();
        String type = schema.path("type").asText("");
        for (String wrong : List.of("{}", "[[]]", "{\"a\":1}")) {
            values.put("as " + wrong, wrong);
        }
        if ("string".equals(type)) {
            String base = "\"" + stringFixture(name, schema) + "\"";
            for (String escape : List.of("\\u0000", "\\u0001", "\\u001b", "\\u007f", "\\u0085", "\\u009f", "\\ud800", "\\udfff", "\\u202e", "\\u2066")) {
                values.put("with " + escape, base.substring(0, base.length() - 1) + escape + "\"");
            }
            values.put("as a number", "5");
            values.put("as true", "true");
            values.put("as an array", "[" + base + "]");
            values.put("3000 characters", "\"" + "a".repeat(3000) + "\"");
            if (schema.has("enum")) {
                values.put("as an ordinal", "0");
                values.put("lower case", base.toLowerCase(Locale.ROOT));
                values.put("unknown constant", "\"HAPPY\"");
            }
            if (stringFixture(name, schema).contains(":role/")) {
                values.put("with a 2 KB role path", "\"arn:aws:iam::123456789012:role/" + "seg/".repeat(500) + "Deploy\"");
            }
            if (schema.path("description").asText("").toLowerCase(Locale.ROOT).contains("session policy")) {
                for (String notADocument : List.of("{not json", "[]", "1", "true", "{}")) {
                    values.put("not a policy document " + notADocument, JSON.valueToTree(notADocument).toString());
                }
            }
        } else if ("integer".equals(type)) {
            values.put("as a string", "\"3600\"");
            values.put("with a fraction", "3600.5");
            values.put("with an exponent", "36e2");
            values.put("as 3600.0", "3600.0");
            values.put("as true", "true");
            values.put("beyond long", "99999999999999999999999");
            values.put("beyond int", "2147483648");
            values.put("as 1e400", "1e400");
            values.put("below its minimum", String.valueOf(schema.has("minimum") ? schema.get("minimum").asLong() - 1 : -1));
            values.put("as the smallest int", String.valueOf(Integer.MIN_VALUE));
            if (schema.has("maximum")) {
                values.put("above its maximum", String.valueOf(schema.get("maximum").asLong() + 1));
            }
        } else if ("array".equals(type)) {
            values.put("with a null element", "[null]");
            values.put("with a number element", "[5]");
            values.put("with a NUL element", "[\"a\\u0000b\"]");
            values.put("as a bare string", "\"x\"");
            values.put("with 101 elements", "[" + String.join(",", java.util.Collections.nCopies(101, "\"" + UUID.randomUUID() + "\"")) + "]");
            values.put("with an ARN of another partition", "[\"arn:aws-cn:iam::aws:policy/ReadOnlyAccess\"]");
        } else if ("boolean".equals(type)) {
            values.put("as a string", "\"true\"");
            values.put("as 1", "1");
        }
        return values;
    }

    // ---- valid requests --------------------------------------------------------------------------

    private RawHttp valid(Operation operation) {
        return withValidBody(operation, request(operation, operation.rawPath(fixture)));
    }

    private RawHttp withValidBody(Operation operation, RawHttp request) {
        return operation.body == null ? request : request.header("Content-Type", "application/json").body(validBody(operation));
    }

    private String validBody(Operation operation) {
        return json(validFields(operation));
    }

    /** Every property with a value the route accepts: a fixture by name, else the schema's example. */
    private Map<String, Object> validFields(Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        operation.body.properties().forEach((name, schema) -> {
            Object value = fieldFixture(name, schema);
            if (value != null) {
                fields.put(name, value);
            }
        });
        return fields;
    }

    private Object fieldFixture(String name, JsonNode schema) {
        return switch (name) {
            case "name" -> "corpus-" + names.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
            case "displayName" -> "Corpus project";
            case "projectId" -> fixture.project;
            case "account" -> fixture.accountId;
            case "roleArn" -> randomRoleArn();
            case "externalId" -> "corpus-external-id-" + UUID.randomUUID();
            case "identityKind" -> "SERVICE_ACCOUNT";
            case "identity" -> "system:serviceaccount:corpus:worker-" + UUID.randomUUID().toString().substring(0, 8);
            case "region" -> "eu-west-1";
            default -> exampleOf(schema);
        };
    }

    private String stringFixture(String name, JsonNode schema) {
        Object value = fieldFixture(name, schema);
        return value == null ? "text" : value.toString();
    }

    private static Object exampleOf(JsonNode schema) {
        JsonNode example = schema.get("example");
        if (example == null) {
            return null;
        }
        return example.isNumber() ? (Object) example.numberValue() : example.asText();
    }

    private RawHttp request(Operation operation, String target) {
        return authorized(operation, RawHttp.request(operation.method, target));
    }

    private RawHttp authorized(Operation operation, RawHttp request) {
        return request.header("Authorization", credential(operation));
    }

    private String credential(Operation operation) {
        if (operation.workerRoute) {
            return operation.path.startsWith(CONTAINER_PREFIX) ? fixture.workerToken : "Bearer " + fixture.workerToken;
        }
        return "Bearer " + fixture.portalToken;
    }

    // ---- the verdict -----------------------------------------------------------------------------

    private void assertRefused(Case c) {
        if (System.nanoTime() - warmedUpAt > TimeUnit.SECONDS.toNanos(40)) {
            warmUp();
        }
        RawHttp.Response response = c.request().send(RestAssured.port);
        try {
            // A 2xx body holds credentials: the status and headers say enough.
            String answer = response.status() + " " + response.headers() + (response.status() < 300 ? "" : " " + response.body());
            assertThat(response.status()).as("%s must be refused with a 4xx; got %s", c.name(), answer).isBetween(400, 499);
            if (c.exactStatus() != 0) {
                assertThat(response.status()).as("%s: %s", c.name(), answer).isEqualTo(c.exactStatus());
            }
            if (c.refusedByVertx()) {
                assertThat(response.status()).as(answer).isEqualTo(400);
                assertThat(response.body()).as(answer).isEmpty();
            } else if (c.rawPath().startsWith(CONTAINER_PREFIX)) {
                assertThat(response.contentType()).as("%s: %s", c.name(), answer).startsWith("application/json");
                assertThat(response.body()).as(c.name()).contains("\"code\"").contains("\"message\"");
            } else {
                assertThat(response.contentType()).as("%s: %s", c.name(), answer).startsWith("application/problem+json");
                assertThat(response.body()).as(c.name()).contains("\"status\":" + response.status()).contains("\"type\"").contains("\"title\"");
            }
            assertThat(JAVA_NAME.matcher(response.body()).find()).as("%s answers without stack traces or class names: %s", c.name(), answer)
                    .isFalse();
            assertThat(DatabaseFingerprint.of(dataSource)).as("%s stores nothing", c.name()).isEqualTo(baseline);
        } finally {
            if (!DatabaseFingerprint.of(dataSource).equals(baseline)) {
                // Judge the next case on its own, not on what this one stored.
                baseline = stableFingerprint();
            }
        }
    }

    private String stableFingerprint() {
        String previous = DatabaseFingerprint.of(dataSource);
        for (int attempt = 0; attempt < 20; attempt++) {
            sleep(150);
            String current = DatabaseFingerprint.of(dataSource);
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
        }
        throw new IllegalStateException("the database kept changing after set-up");
    }

    // ---- the OpenAPI document ---------------------------------------------------------------------

    /** One documented operation under /v1. */
    record Operation(String method, String path, List<Parameter> parameters, BodySchema body, boolean workerRoute) {

        List<Parameter> parameters(String in) {
            return parameters.stream().filter(p -> p.in.equals(in)).toList();
        }

        String rawPath(Fixture fixture) {
            return rawPath(fixture, null, null);
        }

        /** The path with every parameter filled from the fixture, and {@code mutated} replaced by {@code raw}. */
        String rawPath(Fixture fixture, String mutated, String raw) {
            String result = path;
            for (Parameter parameter : parameters("path")) {
                String value = parameter.name.equals(mutated) ? raw : switch (parameter.name) {
                    case "projectId" -> fixture.project;
                    case "accountId", "account" -> fixture.accountId;
                    case "tokenId" -> fixture.tokenId;
                    case "grantId" -> fixture.grantId;
                    default -> throw new IllegalStateException("the corpus has no fixture for path parameter " + parameter.name + " of " + path);
                };
                result = result.replace("{" + parameter.name + "}", value);
            }
            return result;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record Parameter(String name, String in, String type, Long minimum, Long maximum, String description) {
    }

    record BodySchema(Map<String, JsonNode> properties) {
    }

    private static List<Operation> operations() {
        JsonNode document = readTree(given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/v1/")) {
                continue;
            }
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), parameters(operation), body(document, operation),
                            operation.path("security").toString().contains("\"worker\"")));
                }
            }
        }
        assertThat(operations).as("the OpenAPI document lists the /v1 operations").hasSizeGreaterThanOrEqualTo(20);
        return operations;
    }

    private static List<Parameter> parameters(JsonNode operation) {
        List<Parameter> parameters = new ArrayList<>();
        operation.path("parameters").forEach(p -> {
            JsonNode schema = p.path("schema");
            parameters.add(new Parameter(p.path("name").asText(), p.path("in").asText(), schema.path("type").asText(""),
                    schema.has("minimum") ? schema.get("minimum").asLong() : null, schema.has("maximum") ? schema.get("maximum").asLong() : null,
                    p.path("description").asText("")));
        });
        return parameters;
    }

    private static BodySchema body(JsonNode document, JsonNode operation) {
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return null;
        }
        String ref = schema.path("$ref").asText();
        JsonNode resolved = ref.isEmpty() ? schema : document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        resolved.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), resolveRef(document, e.getValue())));
        return new BodySchema(properties);
    }

    /** Enum properties are documented as a $ref to a schema of their own. */
    private static JsonNode resolveRef(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText();
        if (ref.isEmpty()) {
            JsonNode allOf = schema.path("allOf");
            return allOf.isArray() && !allOf.isEmpty() ? resolveRef(document, allOf.get(0)) : schema;
        }
        return document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** A JSON value written as it is, for mutations no serializer would produce. */
    private record Raw(String json) {
    }

    private static String json(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(JSON.valueToTree(name).toString()).append(':').append(value instanceof Raw raw ? raw.json() : JSON.valueToTree(value).toString());
        });
        return out.append('}').toString();
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = head.getBytes(StandardCharsets.UTF_8);
        byte[] c = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private static String shown(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(48).forEach(cp -> out.append(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x2000 && cp <= 0x206F)
                || (cp >= 0xD800 && cp <= 0xDFFF) ? String.format("\\u%04x", cp) : Character.toString(cp)));
        return value.length() > 48 ? out + "...(" + value.length() + " chars)" : out.toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
