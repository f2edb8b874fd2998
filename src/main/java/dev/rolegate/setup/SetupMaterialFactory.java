package dev.rolegate.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.aws.RoleArn;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Produces the setup material for an account. Built eagerly so a bad platform configuration
 * stops rolegate at start-up instead of surfacing in the first customer's setup.
 */
@Startup
@ApplicationScoped
public class SetupMaterialFactory {

    public static final String TEMPLATE_PATH = "/setup/cloudformation/rolegate-role.yaml";
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern NOT_STACK_CHAR = Pattern.compile("[^A-Za-z0-9-]+");
    private static final Pattern NOT_ROLE_CHAR = Pattern.compile("[^\\w+=,.@-]+");
    private static final int ROLE_ID_CHARS = 8;
    private static final int MAX_ROLE_NAME = 64;
    private static final int MAX_STACK_NAME = 128;

    private final SetupConfig config;
    private final PolicyDocuments policies;
    private final String principalArn;
    private final URI templateUrl;
    private final String template;

    public SetupMaterialFactory(SetupConfig config, ObjectMapper json) {
        this.config = config;
        this.policies = new PolicyDocuments(json);
        this.principalArn = principalArn(config);
        this.templateUrl = config.templateUrl().orElseGet(() -> defaultTemplateUrl(config.publicBaseUrl()));
        this.template = renderTemplate();
    }

    public SetupMaterial material(String projectId, UUID accountId, String accountName, String region, int sessionDurationSeconds,
            String externalId) {
        String roleName = roleName(projectId, accountId, accountName);
        String stackName = stackName(projectId, accountName);
        URI quickCreate = QuickCreateLinks.build(config.platformPartition(), region, templateUrl, stackName, externalId, roleName, sessionDurationSeconds);
        return new SetupMaterial(externalId, principalArn, policies.trustPolicy(principalArn, externalId),
                policies.permissionsPolicy(config.permittedActions(), true), template, templateUrl, stackName, roleName, quickCreate);
    }

    /** The CloudFormation template; identical for every customer, since the External ID is a parameter. */
    public String template() {
        return template;
    }

    /** The partition customers' roles must be in to trust the platform principal. */
    public String platformPartition() {
        return config.platformPartition();
    }

    public String trustedPrincipal() {
        return principalArn;
    }

    /**
     * {@code <prefix>-<project>-<account name>-<first 8 hex of the account id>}: readable in the customer's IAM console,
     * and distinct for every account even when two accounts of one project land in one AWS account.
     */
    private String roleName(String projectId, UUID accountId, String accountName) {
        String suffix = "-" + accountId.toString().substring(0, ROLE_ID_CHARS);
        String readable = config.roleNamePrefix() + "-" + projectId + "-" + NOT_ROLE_CHAR.matcher(accountName).replaceAll("-");
        return truncate(readable, MAX_ROLE_NAME - suffix.length()).replaceAll("-+$", "") + suffix;
    }

    private static String stackName(String projectId, String accountName) {
        String slug = NOT_STACK_CHAR.matcher(accountName.toLowerCase(Locale.ROOT)).replaceAll("-");
        return truncate("rolegate-" + projectId + "-" + slug, MAX_STACK_NAME).replaceAll("-+$", "");
    }

    private String renderTemplate() {
        return readTemplate()
                .replace("{{PLATFORM_PRINCIPAL}}", principalArn)
                .replace("{{TRUST_ACTIONS}}", policies.stringArray(PolicyDocuments.TRUST_ACTIONS))
                .replace("{{MANAGED_POLICY_ARNS}}", String.join(",", config.managedPolicyArns().orElse(List.of())))
                .replace("{{PERMISSIONS_POLICY}}", policies.permissionsPolicy(config.permittedActions(), false));
    }

    private static String readTemplate() {
        try (InputStream in = SetupMaterialFactory.class.getResourceAsStream("/setup/rolegate-role.yaml")) {
            if (in == null) {
                throw new IllegalStateException("setup/rolegate-role.yaml is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends rather than resolves, so a base URL with a path (behind a path-routing ingress) keeps it. */
    private static URI defaultTemplateUrl(URI publicBaseUrl) {
        return URI.create(publicBaseUrl.toString().replaceAll("/+$", "") + TEMPLATE_PATH);
    }

    private static String principalArn(SetupConfig config) {
        if (!RoleArn.PARTITIONS.contains(config.platformPartition())) {
            throw new IllegalStateException("rolegate.setup.platform-partition must be one of " + RoleArn.PARTITIONS);
        }
        if (!ACCOUNT_ID.matcher(config.platformAccountId()).matches()) {
            throw new IllegalStateException("rolegate.setup.platform-account-id must be 12 digits");
        }
        return config.platformPrincipalArn()
                .orElse("arn:" + config.platformPartition() + ":iam::" + config.platformAccountId() + ":root");
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
