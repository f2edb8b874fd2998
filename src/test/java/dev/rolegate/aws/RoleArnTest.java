package dev.rolegate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing IAM role ARNs: what is accepted, and that every rejection says what is wrong. */
class RoleArnTest {

    @Test
    void plainRoleArnIsSplitIntoItsParts() {
        RoleArn arn = RoleArn.parse("arn:aws:iam::123456789012:role/Deploy");

        assertThat(arn.partition()).isEqualTo("aws");
        assertThat(arn.accountId()).isEqualTo("123456789012");
        assertThat(arn.path()).isEqualTo("/");
        assertThat(arn.roleName()).isEqualTo("Deploy");
    }

    @Test
    void roleArnWithPathKeepsPathAndName() {
        RoleArn arn = RoleArn.parse("arn:aws:iam::123456789012:role/service-role/ci/Deploy");

        assertThat(arn.path()).isEqualTo("/service-role/ci/");
        assertThat(arn.roleName()).isEqualTo("Deploy");
    }

    @ParameterizedTest
    @CsvSource({
            "arn:aws-cn:iam::123456789012:role/Deploy, aws-cn",
            "arn:aws-us-gov:iam::123456789012:role/Deploy, aws-us-gov"})
    void chinaAndGovCloudPartitionsAreAccepted(String text, String partition) {
        assertThat(RoleArn.parse(text).partition()).isEqualTo(partition);
    }

    @Test
    void roleNameMayUseEveryCharacterIamAllows() {
        assertThat(RoleArn.parse("arn:aws:iam::123456789012:role/Aa0_+=,.@-z").roleName()).isEqualTo("Aa0_+=,.@-z");
    }

    @Test
    void roleNameOf64CharactersIsAccepted() {
        String name = "r".repeat(64);

        assertThat(RoleArn.parse("arn:aws:iam::123456789012:role/" + name).roleName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:iam::123456789012:role/Deploy",
            "arn:aws-cn:iam::123456789012:role/a/b/c/Deploy",
            "arn:aws-us-gov:iam::000000000000:role/x"})
    void toStringRebuildsTheParsedArn(String text) {
        assertThat(RoleArn.parse(text)).hasToString(text);
    }

    @Test
    void pathOfIamsMaximumOf512CharactersIsAccepted() {
        String path = "/" + "p".repeat(510) + "/";
        String arn = "arn:aws:iam::123456789012:role" + path + "r".repeat(64);

        assertThat(RoleArn.parse(arn).path()).hasSize(512);
        assertThat(RoleArn.parse(arn)).hasToString(arn);
    }

    @Test
    void pathLongerThanIamAllowsIsRejected() {
        assertRejected("arn:aws:iam::123456789012:role/" + "p".repeat(511) + "/Deploy", "role path must be at most 512 characters");
    }

    @Test
    void twoKilobytePathIsRejected() {
        assertRejected("arn:aws:iam::123456789012:role/" + "seg/".repeat(500) + "Deploy", "role path must be at most 512 characters");
    }

    @Test
    void arnLongerThan2048CharactersIsRejected() {
        assertRejected(arnOfLength(2049), "20-2048 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "arn:aws:iam::1:role", "arn:aws:iam::role/"})
    void arnShorterThan20CharactersIsRejected(String text) {
        assertRejected(text, "20-2048 characters");
    }

    @Test
    void nullIsRejectedLikeAnEmptyArn() {
        assertRejected(null, "20-2048 characters");
    }

    @Test
    void textWithoutArnShapeIsRejected() {
        assertRejected("RolegateAccess-production-role", "must look like arn:aws:iam::123456789012:role/RoleName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws-xx", "AWS", "aws-iso"})
    void unknownPartitionIsRejectedByName(String partition) {
        assertRejected("arn:" + partition + ":iam::123456789012:role/Deploy", "partition '" + partition + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sts", "s3", "IAM"})
    void serviceOtherThanIamIsRejectedByName(String service) {
        assertRejected("arn:aws:" + service + "::123456789012:role/Deploy", "service must be 'iam', not '" + service + "'");
    }

    @Test
    void assumedRoleArnIsRejectedAsTheWrongService() {
        assertRejected("arn:aws:sts::123456789012:assumed-role/Deploy/session", "service must be 'iam', not 'sts'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901", "1234567890123", "12345678901a", "", "1234-5678-9012"})
    void accountIdThatIsNotTwelveDigitsIsRejected(String account) {
        assertRejected("arn:aws:iam::" + account + ":role/Deploy", "account id must be exactly 12 digits");
    }

    @Test
    void regionFieldIsRejectedForIam() {
        assertRejected("arn:aws:iam:us-east-1:123456789012:role/Deploy", "region field must be empty");
    }

    @ParameterizedTest
    @CsvSource({
            "user/alice, user",
            "group/admins, group",
            "policy/ReadOnly, policy",
            "root, root"})
    void resourceOtherThanRoleIsRejectedByKind(String resource, String kind) {
        assertRejected("arn:aws:iam::123456789012:" + resource, "must name an IAM role (resource 'role/...'), not '" + kind + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "role/Bad Name",
            "role/na*me",
            "role/name#1",
            "role/Rôle",
            "role/",
            "role/path/",
            "role//Deploy",
            "role/pa th/Deploy"})
    void malformedRoleNameOrPathIsRejected(String resource) {
        assertRejected("arn:aws:iam::123456789012:" + resource, "role name must be 1-64 characters");
    }

    @Test
    void roleNameOf65CharactersIsRejected() {
        assertRejected("arn:aws:iam::123456789012:role/" + "r".repeat(65), "role name must be 1-64 characters");
    }

    @Test
    void tryParseIsEmptyForInvalidAndPresentForValidArns() {
        assertThat(RoleArn.tryParse("arn:aws:iam::123456789012:user/alice")).isEmpty();
        assertThat(RoleArn.tryParse(null)).isEmpty();
        assertThat(RoleArn.tryParse("arn:aws:iam::123456789012:role/Deploy")).map(RoleArn::roleName).contains("Deploy");
    }

    private static void assertRejected(String text, String reason) {
        assertThatThrownBy(() -> RoleArn.parse(text))
                .isInstanceOf(InvalidRoleArnException.class)
                .hasMessageContaining(reason);
    }

    /** A valid role ARN of exactly {@code length} characters, padded by one long path segment. */
    private static String arnOfLength(int length) {
        String head = "arn:aws:iam::123456789012:role/";
        String tail = "/Deploy";
        return head + "p".repeat(length - head.length() - tail.length()) + tail;
    }
}
