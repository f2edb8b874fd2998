package dev.rolegate.fault;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;

/** The broker's three hand-off formats: how a worker asks each, and how each must refuse. */
enum BrokerFormat {

    JSON("accessKeyId") {
        @Override
        ValidatableResponse request(String project, UUID account, String token) {
            return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body(Map.of("projectId", project, "account", account.toString())).post("/v1/credentials").then();
        }
    },
    CREDENTIAL_PROCESS("AccessKeyId") {
        @Override
        ValidatableResponse request(String project, UUID account, String token) {
            return given().header("Authorization", "Bearer " + token).get("/v1/credential-process/{p}/{a}", project, account).then();
        }
    },
    /** The AWS container-credentials protocol: a raw token, and errors as {@code {code, message}}. */
    CONTAINER("AccessKeyId") {
        @Override
        ValidatableResponse request(String project, UUID account, String token) {
            return given().header("Authorization", token).get("/v1/container-credentials/{p}/{a}", project, account).then();
        }

        @Override
        void assertRefused(ValidatableResponse response, int status, String protocolCode) {
            response.statusCode(status).contentType(ContentType.JSON)
                    .body("code", equalTo(protocolCode)).body("message", notNullValue()).body("AccessKeyId", nullValue());
        }
    };

    private final String accessKeyField;

    BrokerFormat(String accessKeyField) {
        this.accessKeyField = accessKeyField;
    }

    abstract ValidatableResponse request(String project, UUID account, String token);

    /** The access key id of credentials this format issued. */
    String accessKeyId(ValidatableResponse issued) {
        return issued.statusCode(200).body(accessKeyField, notNullValue()).extract().path(accessKeyField);
    }

    /** STS could not issue and nothing valid is stored: 503 with Retry-After, and no credentials. */
    void assertUnavailable(ValidatableResponse response) {
        assertRefused(response, 503, "ServiceUnavailable");
        response.header("Retry-After", matchesPattern("[1-9][0-9]*"));
    }

    /** The account is no longer served: 409. */
    void assertNotServed(ValidatableResponse response) {
        assertRefused(response, 409, "AccountNotConnected");
    }

    /** A problem+json refusal; the container format answers {@code protocolCode} in its own body instead. */
    void assertRefused(ValidatableResponse response, int status, String protocolCode) {
        response.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body(accessKeyField, nullValue()).body("secretAccessKey", nullValue());
    }
}
