package dev.rolegate.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
