package dev.rolegate.setup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** CloudFormation fetches the template anonymously, so it is public and holds only non-secret values. */
@QuarkusTest
class SetupTemplateResourceTest {

    @Test
    void templateIsServedWithoutATokenAndTrustsThePlatformAccount() throws Exception {
        Response response = given().when().get(SetupMaterialFactory.TEMPLATE_PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode template = new YAMLMapper().readTree(response.asString());
        assertThat(template.at("/Resources/Role/Properties/AssumeRolePolicyDocument/Statement/0/Principal/AWS").asText())
                .isEqualTo("arn:aws:iam::111122223333:root");
        assertThat(template.at("/Resources/Role/Type").asText()).isEqualTo("AWS::IAM::Role");
    }

    @Test
    void templateIsServedAsYaml() {
        given().when().get(SetupMaterialFactory.TEMPLATE_PATH).then()
                .statusCode(200)
                .contentType(startsWith("application/yaml"));
    }
}
