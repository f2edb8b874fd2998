package dev.rolegate.setup;

import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Everything a customer needs to create the cross-account role. Contains the External ID: portal eyes only. */
@Schema(name = "SetupMaterial", description = "Setup material for the customer. The only response that contains the External ID in clear.")
public record SetupMaterial(
        @Schema(description = "External ID the role's trust policy must require (sts:ExternalId)") String externalId,
        @Schema(description = "The principal the customer's role must trust", example = "arn:aws:iam::111122223333:root") String trustedPrincipal,
        @Schema(description = "Trust policy JSON for the role, with the External ID condition filled in") String trustPolicy,
        @Schema(description = "Inline permissions policy JSON the role should carry (least privilege by default)") String permissionsPolicy,
        @Schema(description = "CloudFormation template (YAML) creating the role; the External ID is a parameter") String cloudFormationTemplate,
        @Schema(description = "Where CloudFormation downloads the template") URI templateUrl,
        @Schema(description = "Suggested stack name") String stackName,
        @Schema(description = "Suggested IAM role name") String roleName,
        @Schema(description = "AWS console link that opens CloudFormation quick-create with every parameter filled in") URI quickCreateUrl) {

    @Override
    public String toString() {
        return "SetupMaterial[stackName=" + stackName + ", roleName=" + roleName + ", externalId=***]";
    }
}
