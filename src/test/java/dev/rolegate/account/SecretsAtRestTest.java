package dev.rolegate.account;

import static dev.rolegate.testsupport.PortalApi.asPortal;
import static dev.rolegate.testsupport.PortalApi.connect;
import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static dev.rolegate.testsupport.PortalApi.setup;
import dev.rolegate.testsupport.Bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The External ID is stored only sealed: no column of the account row holds it in any plain
 * encoding, and only the setup-material read returns it.
 */
@QuarkusTest
class SecretsAtRestTest {

    /** AES-GCM adds a 12-byte nonce and a 16-byte tag to the plaintext. */
    private static final int AEAD_OVERHEAD = 12 + 16;

    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();
    private String project;

    @BeforeEach
    void freshProject() {
        sts.reset();
        project = newProject();
    }

    @Test
    void generatedExternalIdIsStoredOnlySealed() {
        JsonPath created = setup(project, "sealed-generated", "eu-west-1").statusCode(201).extract().jsonPath();
        String accountId = created.getString("account.id");
        String externalId = created.getString("setup.externalId");
        assertThat(externalId).as("setup returns the generated External ID once").hasSizeGreaterThanOrEqualTo(16);

        assertRowHoldsNoPlaintext(accountId, externalId);
    }

    @Test
    void generatedExternalIdStaysSealedAfterConnect() {
        JsonPath created = setup(project, "sealed-connected", "eu-west-1").statusCode(201).extract().jsonPath();
        String accountId = created.getString("account.id");
        String externalId = created.getString("setup.externalId");
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, externalId, 3600);

        String connected = connect(project, accountId, roleArn).statusCode(200).body("status", equalTo("CONNECTED")).extract().asString();

        assertThat(connected).doesNotContain(externalId);
        assertRowHoldsNoPlaintext(accountId, externalId);
    }

    @Test
    void customerExternalIdFromLegacyRegisterIsStoredOnlySealed() {
        String externalId = "customer-chosen-" + UUID.randomUUID();
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, externalId, 3600);

        String registered = asPortal().contentType(ContentType.JSON)
                .body(Map.of("name", "sealed-legacy", "roleArn", roleArn, "externalId", externalId, "region", "eu-west-1"))
                .post("/v1/projects/{p}/aws-accounts", project).then().statusCode(201)
                .body("status", equalTo("CONNECTED"))
                .extract().asString();
        String accountId = JsonPath.from(registered).getString("id");

        assertThat(registered).as("the register response").doesNotContain(externalId);
        assertThat(sts.calls("AssumeRole")).extracting(call -> call.parameters().get("ExternalId"))
                .as("STS received the External ID it was given, so the sealed value round-trips")
                .containsOnly(externalId);
        assertRowHoldsNoPlaintext(accountId, externalId);
    }

    @Test
    void accountReadsNeverReturnTheExternalIdButSetupMaterialDoes() {
        String externalId = "customer-chosen-" + UUID.randomUUID();
        String roleArn = randomRoleArn();
        sts.createRole(roleArn, externalId, 3600);
        String accountId = asPortal().contentType(ContentType.JSON)
                .body(Map.of("name", "reads", "roleArn", roleArn, "externalId", externalId, "region", "eu-west-1"))
                .post("/v1/projects/{p}/aws-accounts", project).then().statusCode(201).extract().path("id");
        String generatedAccountId = setup(project, "reads-generated", "eu-west-1").statusCode(201).extract().path("account.id");
        String generatedExternalId = asPortal().get("/v1/projects/{p}/aws-accounts/{a}/setup", project, generatedAccountId)
                .then().statusCode(200).extract().path("externalId");

        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("get", asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then().statusCode(200)
                .body("externalIdMasked", equalTo("****" + externalId.substring(externalId.length() - 4))).extract().asString());
        reads.put("get generated", asPortal().get("/v1/projects/{p}/aws-accounts/{a}", project, generatedAccountId).then().statusCode(200)
                .extract().asString());
        reads.put("list", asPortal().get("/v1/projects/{p}/aws-accounts", project).then().statusCode(200)
                .body("total", equalTo(2)).extract().asString());
        reads.put("list by status", asPortal().queryParam("status", "CONNECTED").get("/v1/projects/{p}/aws-accounts", project)
                .then().statusCode(200).body("total", equalTo(1)).extract().asString());
        reads.put("verify", asPortal().post("/v1/projects/{p}/aws-accounts/{a}/verify", project, accountId).then().statusCode(200)
                .body("status", equalTo("CONNECTED")).extract().asString());
        reads.put("patch", asPortal().contentType(ContentType.JSON).body(Map.of("sessionDurationSeconds", 1800))
                .patch("/v1/projects/{p}/aws-accounts/{a}", project, accountId).then().statusCode(200).extract().asString());

        reads.forEach((read, body) -> assertThat(body).as(read).doesNotContain(externalId).doesNotContain(generatedExternalId)
                .doesNotContain("\"externalId\""));
        asPortal().get("/v1/projects/{p}/aws-accounts/{a}/setup", project, accountId).then().statusCode(200)
                .body("externalId", equalTo(externalId));
    }

    // ---- raw row checks ------------------------------------------------------------------------

    private void assertRowHoldsNoPlaintext(String accountId, String externalId) {
        Map<String, Object> row = rawRow(accountId);
        byte[] plaintext = externalId.getBytes(StandardCharsets.UTF_8);
        List<String> encodings = List.of(externalId,
                Base64.getEncoder().encodeToString(plaintext),
                Base64.getUrlEncoder().withoutPadding().encodeToString(plaintext),
                HexFormat.of().formatHex(plaintext));

        row.forEach((column, value) -> {
            if (value == null) {
                return;
            }
            if (value instanceof byte[] bytes) {
                assertThat(Bytes.indexOf(bytes, plaintext)).as("bytes of column %s contain the External ID", column).isEqualTo(-1);
                String asText = new String(bytes, StandardCharsets.UTF_8);
                encodings.forEach(encoded -> assertThat(asText).as("column %s decoded as UTF-8", column).doesNotContain(encoded));
            } else {
                encodings.forEach(encoded -> assertThat(value.toString()).as("column %s", column).doesNotContain(encoded));
            }
        });

        assertThat((String) row.get("external_id_key_id")).as("key id of the sealed External ID").isNotBlank();
        assertThat((byte[]) row.get("external_id_ciphertext")).as("sealed External ID: nonce, ciphertext and tag")
                .hasSize(plaintext.length + AEAD_OVERHEAD);
        assertThat(rowAsText(accountId)).as("the whole row as PostgreSQL renders it").doesNotContain(externalId);
    }

    /** Every column of the account row, bytea as bytes and everything else as the driver's text. */
    private Map<String, Object> rawRow(String accountId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select * from aws_account where id = ?::uuid")) {
            statement.setString(1, accountId);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).as("row for account %s", accountId).isTrue();
                ResultSetMetaData meta = rs.getMetaData();
                Map<String, Object> row = new LinkedHashMap<>();
                List<String> binary = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String column = meta.getColumnName(i);
                    if (meta.getColumnType(i) == Types.BINARY || meta.getColumnType(i) == Types.VARBINARY) {
                        row.put(column, rs.getBytes(i));
                        binary.add(column);
                    } else {
                        row.put(column, rs.getString(i));
                    }
                }
                assertThat(binary).as("the sealed External ID is the row's only binary column").containsExactly("external_id_ciphertext");
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String rowAsText(String accountId) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select t::text from aws_account t where id = '" + UUID.fromString(accountId) + "'")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
