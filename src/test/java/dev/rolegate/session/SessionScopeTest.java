package dev.rolegate.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionScopeTest {

    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private static final String CUSTOM = "arn:aws:iam::123456789012:policy/team/Deployer";

    @Test
    void emptyScopeHashesToTheEmptyScopeKey() {
        assertThat(SessionScope.of(null, null).hash()).isEqualTo(SessionKey.EMPTY_SCOPE);
        assertThat(SessionScope.EMPTY.isEmpty()).isTrue();
    }

    @Test
    void hashIgnoresTheOrderOfPolicyArnsButNotTheirContent() {
        String a = SessionScope.of(POLICY, List.of(READ_ONLY, CUSTOM)).hash();
        String b = SessionScope.of(POLICY, List.of(CUSTOM, READ_ONLY)).hash();
        String c = SessionScope.of(POLICY, List.of(READ_ONLY)).hash();
        assertThat(a).hasSize(64).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void differentPoliciesGiveDifferentScopes() {
        assertThat(SessionScope.of(POLICY, null).hash()).isNotEqualTo(SessionScope.of(POLICY.replace("GetObject", "PutObject"), null).hash());
    }

    @Test
    void policyLongerThanStsAllowsIsRejected() {
        assertThatThrownBy(() -> SessionScope.of("x".repeat(2049), null))
                .isInstanceOfSatisfying(InvalidScopeException.class, e -> assertThat(e.field()).isEqualTo("sessionPolicy"));
    }

    @Test
    void policyWithNonAsciiCharactersIsRejected() {
        assertThatThrownBy(() -> SessionScope.of("{\"Sid\":\"caf\u00e9\"}", null)).isInstanceOf(InvalidScopeException.class).hasMessageContaining("ASCII");
    }

    @Test
    void moreThanTenPolicyArnsAreRejected() {
        assertThatThrownBy(() -> SessionScope.of(null, Collections.nCopies(11, READ_ONLY)))
                .isInstanceOfSatisfying(InvalidScopeException.class, e -> assertThat(e.field()).isEqualTo("policyArns"));
    }

    @Test
    void roleArnsAreNotPolicyArns() {
        assertThatThrownBy(() -> SessionScope.of(null, List.of("arn:aws:iam::123456789012:role/Admin"))).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void storedScopeRoundTrips() {
        SessionScope scope = SessionScope.of(POLICY, List.of(READ_ONLY, CUSTOM));
        assertThat(SessionScope.fromStored(scope.policy().orElseThrow(), scope.joinedArns())).isEqualTo(scope);
        assertThat(SessionScope.fromStored(null, null)).isEqualTo(SessionScope.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[]", "1", "true", "\"text\"", "{}", "null",
            "{\"Version\":\"2012-10-17\"}",
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            "{\"Version\":2012,\"Statement\":{\"Effect\":\"Allow\"}}",
            "{\"Version\":\"2012-10-17\",\"Statement\":\"Allow\"}",
            "{\"Version\":\"2012-10-17\",\"Statement\":[1]}"})
    void sessionPolicyThatIsNotAnIamPolicyDocumentIsRejected(String policy) {
        assertThatThrownBy(() -> SessionScope.of(policy, null))
                .isInstanceOfSatisfying(InvalidScopeException.class, e -> {
                    assertThat(e.field()).isEqualTo("sessionPolicy");
                    assertThat(e.getMessage()).contains("IAM policy document");
                });
    }

    @Test
    void sessionPolicyWithADuplicateKeyIsRejected() {
        String duplicate = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\"},\"Statement\":{\"Effect\":\"Allow\"}}";

        assertThatThrownBy(() -> SessionScope.of(duplicate, null)).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void sessionPolicyWithContentAfterTheDocumentIsRejected() {
        assertThatThrownBy(() -> SessionScope.of(POLICY + " {}", null)).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void singleStatementObjectAndTheOlderVersionAreAccepted() {
        String policy = "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}";

        assertThat(SessionScope.of(policy, null).policy()).contains(policy);
    }

    @Test
    void policyAndArnsTogetherMayNotExceedWhatStsCounts() {
        String padded = POLICY.replace("s3:GetObject", "s3:" + "G".repeat(2048 - POLICY.length() + "s3:GetObject".length() - 3));
        assertThat(padded).hasSize(2048);
        assertThat(SessionScope.of(padded, null).policy()).contains(padded);

        assertThatThrownBy(() -> SessionScope.of(padded, List.of(READ_ONLY)))
                .isInstanceOfSatisfying(InvalidScopeException.class, e -> assertThat(e.getMessage()).contains("together"));
    }

    @Test
    void policyArnsOfTheAccountsPartitionPass() {
        SessionScope.of(null, List.of(READ_ONLY, CUSTOM)).requirePartition("aws");
        SessionScope.EMPTY.requirePartition("aws-cn");
    }

    @Test
    void policyArnOfAnotherPartitionIsRejectedNamingPolicyArns() {
        SessionScope scope = SessionScope.of(null, List.of(READ_ONLY, "arn:aws-cn:iam::aws:policy/ReadOnlyAccess"));

        assertThatThrownBy(() -> scope.requirePartition("aws"))
                .isInstanceOfSatisfying(InvalidScopeException.class, e -> {
                    assertThat(e.field()).isEqualTo("policyArns");
                    assertThat(e.getMessage()).contains("partition 'aws'");
                });
    }
}
