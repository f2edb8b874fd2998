package dev.rolegate.setup;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** AWS console links that open CloudFormation quick-create with the stack's parameters filled in. */
final class QuickCreateLinks {

    private static final Map<String, String> CONSOLE_BY_PARTITION = Map.of(
            "aws", "https://console.aws.amazon.com",
            "aws-cn", "https://console.amazonaws.cn",
            "aws-us-gov", "https://console.amazonaws-us-gov.com");
    /** IAM's floor for a role's MaxSessionDuration. */
    private static final int MIN_ROLE_MAX_SESSION = 3600;

    private QuickCreateLinks() {
    }

    static URI build(String partition, String region, URI templateUrl, String stackName, String externalId, String roleName, int sessionDurationSeconds) {
        String fragment = "/stacks/quickcreate"
                + "?templateURL=" + encode(templateUrl.toString())
                + "&stackName=" + encode(stackName)
                + "&param_ExternalId=" + encode(externalId)
                + "&param_RoleName=" + encode(roleName)
                + "&param_MaxSessionDuration=" + Math.max(MIN_ROLE_MAX_SESSION, sessionDurationSeconds);
        return URI.create(CONSOLE_BY_PARTITION.get(partition) + "/cloudformation/home?region=" + encode(region) + "#" + fragment);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
