package dev.rolegate.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The setup material a customer receives: policies, CloudFormation template and quick-create link. */
class SetupMaterialFactoryTest {

    private static final UUID ACCOUNT_ID = UUID.fromString("3f2a9c1e-0000-4000-8000-000000000001");

    private static final String EXTERNAL_ID = "Xq3_vT9-Lm2pR8sW4yZ1aB6cD0eF5gH7";
    private static final String ROOT_PRINCIPAL = "arn:aws:iam::111122223333:root";
    private static final String DEFAULT_TEMPLATE_URL = "https://rolegate.test.example/setup/cloudformation/rolegate-role.yaml";

    private final ObjectMapper json = new ObjectMapper();
    private final YAMLMapper yaml = new YAMLMapper();

    @Test
    void trustPolicyTrustsPlatformAccountRootOnlyWithTheExternalId() throws IOException {
        JsonNode statement = json.readTree(material(TestSetupConfig.defaults()).trustPolicy()).at("/Statement/0");

        assertThat(statement.at("/Effect").asText()).isEqualTo("Allow");
        assertThat(statement.at("/Principal/AWS").asText()).isEqualTo(ROOT_PRINCIPAL);
        assertThat(texts(statement.at("/Action"))).contains("sts:AssumeRole");
        assertThat(statement.at("/Condition/StringEquals/sts:ExternalId").asText()).isEqualTo(EXTERNAL_ID);
    }

    @Test
    void trustPolicyIsAVersionedIamDocument() throws IOException {
        JsonNode policy = json.readTree(material(TestSetupConfig.defaults()).trustPolicy());

        assertThat(policy.at("/Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.at("/Statement").size()).isEqualTo(1);
    }

    @Test
    void configuredPlatformPrincipalArnReplacesTheAccountRoot() throws IOException {
        String principal = "arn:aws:iam::111122223333:role/rolegate-broker";
        SetupMaterialFactory factory = factory(TestSetupConfig.defaults().withPlatformPrincipalArn(principal));
        SetupMaterial material = factory.material("shop", ACCOUNT_ID, "prod", "eu-west-1", 3600, EXTERNAL_ID);

        assertThat(json.readTree(material.trustPolicy()).at("/Statement/0/Principal/AWS").asText()).isEqualTo(principal);
        assertThat(material.trustedPrincipal()).isEqualTo(principal);
        assertThat(factory.trustedPrincipal()).isEqualTo(principal);
        assertThat(trustStatement(yaml.readTree(factory.template())).at("/Principal/AWS").asText()).isEqualTo(principal);
    }

    @Test
    void chinaPartitionTrustsTheChinaRootAndLinksTheChinaConsole() throws IOException {
        SetupMaterial material = factory(TestSetupConfig.defaults().withPlatformPartition("aws-cn"))
                .material("shop", ACCOUNT_ID, "prod", "cn-north-1", 3600, EXTERNAL_ID);

        assertThat(material.trustedPrincipal()).isEqualTo("arn:aws-cn:iam::111122223333:root");
        assertThat(material.quickCreateUrl().toString())
                .startsWith("https://console.amazonaws.cn/cloudformation/home?region=cn-north-1#/stacks/quickcreate");
    }

    @Test
    void permissionsPolicyAllowsExactlyTheConfiguredActions() throws IOException {
        TestSetupConfig config = TestSetupConfig.defaults().withPermittedActions("cloudformation:DescribeStacks", "s3:GetObject", "ecr:*");

        JsonNode statement = json.readTree(material(config).permissionsPolicy()).at("/Statement/0");

        assertThat(statement.at("/Effect").asText()).isEqualTo("Allow");
        assertThat(texts(statement.at("/Action"))).containsExactly("cloudformation:DescribeStacks", "s3:GetObject", "ecr:*");
        assertThat(statement.at("/Resource").asText()).isEqualTo("*");
    }

    @Test
    void templateDeclaresTheStackParameters() throws IOException {
        JsonNode parameters = yaml.readTree(material(TestSetupConfig.defaults()).cloudFormationTemplate()).at("/Parameters");

        assertThat(parameters.at("/ExternalId/NoEcho").asBoolean()).as("ExternalId is NoEcho").isTrue();
        assertThat(parameters.at("/ExternalId/Type").asText()).isEqualTo("String");
        assertThat(parameters.has("RoleName")).isTrue();
        assertThat(parameters.at("/ManagedPolicyArns/Type").asText()).isEqualTo("CommaDelimitedList");
        assertThat(parameters.at("/MaxSessionDuration/MinValue").asInt()).isEqualTo(3600);
        assertThat(parameters.at("/MaxSessionDuration/MaxValue").asInt()).isEqualTo(43200);
    }

    @Test
    void generatedExternalIdsAndSuggestedRoleNamesPassTheTemplatesOwnParameterRules() throws IOException {
        SetupMaterialFactory factory = factory(TestSetupConfig.defaults());
        JsonNode parameters = yaml.readTree(factory.template()).at("/Parameters");
        String externalId = new ExternalIds().generate();
        SetupMaterial material = factory.material("p".repeat(40), ACCOUNT_ID, "prod", "eu-west-1", 3600, externalId);

        assertThat(externalId).matches(parameters.at("/ExternalId/AllowedPattern").asText())
                .hasSizeBetween(parameters.at("/ExternalId/MinLength").asInt(), parameters.at("/ExternalId/MaxLength").asInt());
        assertThat(material.roleName()).matches(parameters.at("/RoleName/AllowedPattern").asText())
                .hasSizeLessThanOrEqualTo(parameters.at("/RoleName/MaxLength").asInt());
    }

    @Test
    void templateCreatesARoleTrustingThePlatformPrincipalWithTheExternalIdParameter() throws IOException {
        JsonNode template = yaml.readTree(material(TestSetupConfig.defaults()).cloudFormationTemplate());
        JsonNode trust = trustStatement(template);

        assertThat(template.at("/Resources/Role/Type").asText()).isEqualTo("AWS::IAM::Role");
        assertThat(trust.at("/Principal/AWS").asText()).isEqualTo(ROOT_PRINCIPAL);
        assertThat(texts(trust.at("/Action"))).containsExactly("sts:AssumeRole", "sts:SetSourceIdentity");
        assertThat(trust.at("/Condition/StringEquals/sts:ExternalId/Ref").asText()).isEqualTo("ExternalId");
        assertThat(template.at("/Resources/Role/Properties/RoleName/Ref").asText()).isEqualTo("RoleName");
        assertThat(template.at("/Resources/Role/Properties/MaxSessionDuration/Ref").asText()).isEqualTo("MaxSessionDuration");
    }

    @Test
    void templateOutputsTheRoleArn() throws IOException {
        JsonNode output = yaml.readTree(material(TestSetupConfig.defaults()).cloudFormationTemplate()).at("/Outputs/RoleArn/Value/Fn::GetAtt");

        assertThat(texts(output)).containsExactly("Role", "Arn");
    }

    @Test
    void templateInlinePolicyAllowsTheConfiguredActions() throws IOException {
        TestSetupConfig config = TestSetupConfig.defaults().withPermittedActions("s3:ListBucket", "cloudformation:*");

        JsonNode template = yaml.readTree(material(config).cloudFormationTemplate());

        assertThat(texts(template.at("/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0/Action")))
                .containsExactly("s3:ListBucket", "cloudformation:*");
    }

    @Test
    void templateOffersConfiguredManagedPoliciesAsDefault() throws IOException {
        TestSetupConfig config = TestSetupConfig.defaults()
                .withManagedPolicyArns("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AWSCloudFormationReadOnlyAccess");

        JsonNode template = yaml.readTree(factory(config).template());

        assertThat(template.at("/Parameters/ManagedPolicyArns/Default").asText())
                .isEqualTo("arn:aws:iam::aws:policy/ReadOnlyAccess,arn:aws:iam::aws:policy/AWSCloudFormationReadOnlyAccess");
    }

    @Test
    void templateWithoutManagedPoliciesDefaultsToNone() throws IOException {
        JsonNode template = yaml.readTree(factory(TestSetupConfig.defaults()).template());

        assertThat(template.at("/Parameters/ManagedPolicyArns/Default").asText()).isEmpty();
    }

    @Test
    void templateContainsNoExternalIdAndIsTheSameForEveryCustomer() {
        SetupMaterialFactory factory = factory(TestSetupConfig.defaults());
        SetupMaterial first = factory.material("shop", ACCOUNT_ID, "prod", "eu-west-1", 3600, EXTERNAL_ID);
        SetupMaterial second = factory.material("blog", ACCOUNT_ID, "staging", "us-east-1", 7200, "another-external-id-0001");

        assertThat(first.cloudFormationTemplate()).doesNotContain(EXTERNAL_ID).isEqualTo(factory.template());
        assertThat(second.cloudFormationTemplate()).doesNotContain("another-external-id-0001").isEqualTo(first.cloudFormationTemplate());
    }

    @Test
    void quickCreateUrlOpensCloudFormationInTheAccountsRegion() {
        SetupMaterial material = factory(TestSetupConfig.defaults()).material("shop", ACCOUNT_ID, "prod", "eu-west-1", 3600, EXTERNAL_ID);

        assertThat(material.quickCreateUrl().toString())
                .startsWith("https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/quickcreate?");
    }

    @Test
    void everyAccountOfAProjectGetsItsOwnRoleNameEvenWhenNamesLookAlikeOrAreTruncated() {
        SetupMaterialFactory factory = factory(TestSetupConfig.defaults());
        UUID one = UUID.fromString("11111111-0000-4000-8000-000000000001");
        UUID two = UUID.fromString("22222222-0000-4000-8000-000000000002");

        String spaced = factory.material("shop", one, "prod eu", "eu-west-1", 3600, EXTERNAL_ID).roleName();
        String dashed = factory.material("shop", two, "prod-eu", "eu-west-1", 3600, EXTERNAL_ID).roleName();
        String longOne = factory.material("p".repeat(40), one, "a".repeat(64), "eu-west-1", 3600, EXTERNAL_ID).roleName();
        String longTwo = factory.material("p".repeat(40), two, "a".repeat(64), "eu-west-1", 3600, EXTERNAL_ID).roleName();

        assertThat(spaced).isEqualTo("RolegateAccess-shop-prod-eu-11111111").isNotEqualTo(dashed);
        assertThat(longOne).isNotEqualTo(longTwo).hasSize(64).endsWith("-11111111");
    }

    @Test
    void quickCreateUrlCarriesEveryStackParameter() {
        SetupMaterial material = factory(TestSetupConfig.defaults()).material("shop", ACCOUNT_ID, "Prod EU", "eu-west-1", 7200, EXTERNAL_ID);

        Map<String, String> query = fragmentQuery(material.quickCreateUrl());

        assertThat(query).containsOnlyKeys("templateURL", "stackName", "param_ExternalId", "param_RoleName", "param_MaxSessionDuration");
        assertThat(query.get("templateURL")).isEqualTo(DEFAULT_TEMPLATE_URL).isEqualTo(material.templateUrl().toString());
        assertThat(query.get("stackName")).isEqualTo(material.stackName());
        assertThat(query.get("param_ExternalId")).isEqualTo(EXTERNAL_ID);
        assertThat(query.get("param_RoleName")).isEqualTo(material.roleName()).isEqualTo("RolegateAccess-shop-Prod-EU-3f2a9c1e");
        assertThat(query.get("param_MaxSessionDuration")).isEqualTo("7200");
    }

    @ParameterizedTest
    @ValueSource(ints = {900, 1800, 3599})
    void quickCreateMaxSessionDurationIsRaisedToIamsOneHourFloor(int sessionDuration) {
        SetupMaterial material = factory(TestSetupConfig.defaults()).material("shop", ACCOUNT_ID, "prod", "eu-west-1", sessionDuration, EXTERNAL_ID);

        assertThat(Integer.parseInt(fragmentQuery(material.quickCreateUrl()).get("param_MaxSessionDuration"))).isEqualTo(3600);
    }

    @Test
    void externalIdWithUrlSpecialCharactersSurvivesTheQuickCreateUrl() {
        String externalId = "a+b=c/d:e,f@g.h-i_j";

        SetupMaterial material = factory(TestSetupConfig.defaults()).material("shop", ACCOUNT_ID, "prod", "eu-west-1", 3600, externalId);

        assertThat(fragmentQuery(material.quickCreateUrl()).get("param_ExternalId")).isEqualTo(externalId);
    }

    @Test
    void configuredTemplateUrlIsUsedInTheQuickCreateUrl() {
        String s3 = "https://rolegate-templates.s3.eu-west-1.amazonaws.com/v1/rolegate-role.yaml?versionId=3";
        SetupMaterial material = factory(TestSetupConfig.defaults().withTemplateUrl(s3)).material("shop", ACCOUNT_ID, "prod", "eu-west-1", 3600, EXTERNAL_ID);

        assertThat(material.templateUrl()).hasToString(s3);
        assertThat(fragmentQuery(material.quickCreateUrl()).get("templateURL")).isEqualTo(s3);
    }

    @Test
    void defaultTemplateUrlKeepsThePathOfThePublicBaseUrl() {
        SetupMaterial material = factory(TestSetupConfig.defaults().withPublicBaseUrl("https://platform.example.com/rolegate"))
                .material("shop", ACCOUNT_ID, "prod", "eu-west-1", 3600, EXTERNAL_ID);

        assertThat(material.templateUrl()).hasToString("https://platform.example.com/rolegate/setup/cloudformation/rolegate-role.yaml");
    }

    @Test
    void stackNameIsAValidCloudFormationNameDerivedFromProjectAndAccount() {
        SetupMaterialFactory factory = factory(TestSetupConfig.defaults());

        assertThat(factory.material("shop", ACCOUNT_ID, "Prod EU_1.main", "eu-west-1", 3600, EXTERNAL_ID).stackName()).isEqualTo("rolegate-shop-prod-eu-1-main");
        assertThat(factory.material("shop", ACCOUNT_ID, "prod .", "eu-west-1", 3600, EXTERNAL_ID).stackName()).isEqualTo("rolegate-shop-prod");
        assertThat(factory.material("p".repeat(40), ACCOUNT_ID, "a".repeat(64), "eu-west-1", 3600, EXTERNAL_ID).stackName())
                .matches("[A-Za-z][A-Za-z0-9-]{0,127}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"11112222333", "1111222233334", "11112222333x", "", "1111-2222-33"})
    void platformAccountIdThatIsNotTwelveDigitsStopsStartup(String accountId) {
        assertThatThrownBy(() -> factory(TestSetupConfig.defaults().withPlatformAccountId(accountId)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rolegate.setup.platform-account-id must be 12 digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws-xx", "AWS", "aws-iso", ""})
    void unknownPlatformPartitionStopsStartup(String partition) {
        assertThatThrownBy(() -> factory(TestSetupConfig.defaults().withPlatformPartition(partition)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rolegate.setup.platform-partition");
    }

    @Test
    void setupMaterialToStringHidesTheExternalId() {
        SetupMaterial material = material(TestSetupConfig.defaults());

        assertThat(material.toString()).doesNotContain(EXTERNAL_ID).contains("externalId=***");
    }

    private SetupMaterialFactory factory(SetupConfig config) {
        return new SetupMaterialFactory(config, json);
    }

    private SetupMaterial material(SetupConfig config) {
        return factory(config).material("shop", ACCOUNT_ID, "prod", "eu-west-1", 3600, EXTERNAL_ID);
    }

    private static JsonNode trustStatement(JsonNode template) {
        return template.at("/Resources/Role/Properties/AssumeRolePolicyDocument/Statement/0");
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The query inside the URL's fragment ({@code #/stacks/quickcreate?a=b&...}), each value URL-decoded. */
    private static Map<String, String> fragmentQuery(URI url) {
        String fragment = url.getRawFragment();
        assertThat(fragment).startsWith("/stacks/quickcreate?");
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : fragment.substring(fragment.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
