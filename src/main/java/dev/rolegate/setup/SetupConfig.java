package dev.rolegate.setup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What customers' roles trust and may do, and where the setup template is published. */
@ConfigMapping(prefix = "rolegate.setup")
public interface SetupConfig {

    /** The platform's AWS account id (12 digits), the principal customers' roles trust. Required in production. */
    String platformAccountId();

    /** Partition of the platform account: aws, aws-cn or aws-us-gov. Roles can only trust principals in their own partition. Default aws. */
    @WithDefault("aws")
    String platformPartition();

    /**
     * A narrower principal to trust than the whole platform account, such as rolegate's own IAM role ARN.
     * Default: {@code arn:<partition>:iam::<platform-account-id>:root}.
     */
    Optional<String> platformPrincipalArn();

    /** rolegate's externally reachable base URL, used to build the default template URL. Required in production. */
    URI publicBaseUrl();

    /**
     * Where CloudFormation downloads the template for quick-create links. The AWS console accepts only
     * S3 URLs there, so production should mirror {@code /setup/cloudformation/rolegate-role.yaml} to S3 and
     * set this. Default: {@code <public-base-url>/setup/cloudformation/rolegate-role.yaml}.
     */
    Optional<URI> templateUrl();

    /**
     * Actions the role's inline permissions policy allows on all resources. Least privilege by default:
     * only reading CloudFormation stacks. Widen it to what the platform's deployments really need.
     */
    @WithDefault("cloudformation:DescribeStacks,cloudformation:ListStacks")
    List<String> permittedActions();

    /** Managed policy ARNs the template attaches by default (the customer may change them). Default none. */
    Optional<List<String>> managedPolicyArns();

    /** Prefix of the suggested IAM role name; the project id is appended. Default RolegateAccess. */
    @WithDefault("RolegateAccess")
    String roleNamePrefix();
}
