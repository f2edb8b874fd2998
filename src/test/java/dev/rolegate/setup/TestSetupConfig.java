package dev.rolegate.setup;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** {@link SetupConfig} as plain values, starting from the test profile's settings. */
public record TestSetupConfig(
        String platformAccountId,
        String platformPartition,
        Optional<String> platformPrincipalArn,
        URI publicBaseUrl,
        Optional<URI> templateUrl,
        List<String> permittedActions,
        Optional<List<String>> managedPolicyArns,
        String roleNamePrefix) implements SetupConfig {

    public static final String PLATFORM_ACCOUNT = "111122223333";

    public static TestSetupConfig defaults() {
        return new TestSetupConfig(PLATFORM_ACCOUNT, "aws", Optional.empty(), URI.create("https://rolegate.test.example"), Optional.empty(),
                List.of("cloudformation:DescribeStacks", "cloudformation:ListStacks"), Optional.empty(), "RolegateAccess");
    }

    public TestSetupConfig withPlatformAccountId(String accountId) {
        return new TestSetupConfig(accountId, platformPartition, platformPrincipalArn, publicBaseUrl, templateUrl, permittedActions, managedPolicyArns,
                roleNamePrefix);
    }

    public TestSetupConfig withPlatformPartition(String partition) {
        return new TestSetupConfig(platformAccountId, partition, platformPrincipalArn, publicBaseUrl, templateUrl, permittedActions, managedPolicyArns,
                roleNamePrefix);
    }

    public TestSetupConfig withPlatformPrincipalArn(String arn) {
        return new TestSetupConfig(platformAccountId, platformPartition, Optional.of(arn), publicBaseUrl, templateUrl, permittedActions, managedPolicyArns,
                roleNamePrefix);
    }

    public TestSetupConfig withTemplateUrl(String url) {
        return new TestSetupConfig(platformAccountId, platformPartition, platformPrincipalArn, publicBaseUrl, Optional.of(URI.create(url)), permittedActions,
                managedPolicyArns, roleNamePrefix);
    }

    public TestSetupConfig withPermittedActions(String... actions) {
        return new TestSetupConfig(platformAccountId, platformPartition, platformPrincipalArn, publicBaseUrl, templateUrl, List.of(actions), managedPolicyArns,
                roleNamePrefix);
    }

    public TestSetupConfig withManagedPolicyArns(String... arns) {
        return new TestSetupConfig(platformAccountId, platformPartition, platformPrincipalArn, publicBaseUrl, templateUrl, permittedActions,
                Optional.of(List.of(arns)), roleNamePrefix);
    }

    public TestSetupConfig withPublicBaseUrl(String url) {
        return new TestSetupConfig(platformAccountId, platformPartition, platformPrincipalArn, URI.create(url), templateUrl, permittedActions,
                managedPolicyArns, roleNamePrefix);
    }
}
