package dev.rolegate.account;

import dev.rolegate.aws.AssumeRoleCommand;
import dev.rolegate.aws.AssumedRole;
import dev.rolegate.aws.CallerIdentity;
import dev.rolegate.aws.RoleArn;
import dev.rolegate.aws.RoleSessionNames;
import dev.rolegate.aws.StsCallException;
import dev.rolegate.aws.StsConfig;
import dev.rolegate.aws.StsGateway;
import dev.rolegate.setup.SetupMaterialFactory;
import dev.rolegate.time.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Proves a connection works: AssumeRole with the External ID, then GetCallerIdentity with the
 * returned credentials, which must report the account the role ARN names.
 */
@ApplicationScoped
public class ConnectionVerifier {

    private static final Logger LOG = Logger.getLogger(ConnectionVerifier.class);
    /** The shortest session STS grants: verification only needs one call with the credentials. */
    private static final int VERIFY_DURATION_SECONDS = 900;

    private final StsGateway sts;
    private final StsConfig config;
    private final SetupMaterialFactory setup;

    public ConnectionVerifier(StsGateway sts, StsConfig config, SetupMaterialFactory setup) {
        this.sts = sts;
        this.config = config;
        this.setup = setup;
    }

    /** The verdict, reached within the STS budget of a caller who waits ({@code rolegate.sts.interactive-call-timeout}). */
    public VerificationResult verify(VerificationTarget target) {
        Deadline deadline = Deadline.in(config.interactiveCallTimeout());
        try {
            AssumedRole assumed = sts.assumeRole(command(target), deadline.remaining());
            CallerIdentity identity = sts.callerIdentity(target.region(), assumed.credentials(), deadline.remaining());
            return checkAccount(target, identity);
        } catch (StsCallException e) {
            LOG.infof("Verification of account %s (%s) failed: %s", target.accountId(), target.roleArn(), e.getMessage());
            return fromFailure(target, e);
        }
    }

    private static AssumeRoleCommand command(VerificationTarget target) {
        return new AssumeRoleCommand(target.roleArn(), target.externalId(), RoleSessionNames.of(target.projectId(), "verify"),
                VERIFY_DURATION_SECONDS, target.region(), Optional.empty());
    }

    private static VerificationResult checkAccount(VerificationTarget target, CallerIdentity identity) {
        String expected = RoleArn.parse(target.roleArn()).accountId();
        if (!expected.equals(identity.account())) {
            return VerificationResult.error("The role's credentials belong to AWS account " + identity.account() + ", not " + expected
                    + " as the role ARN says; check the role ARN.");
        }
        return VerificationResult.connected();
    }

    private VerificationResult fromFailure(VerificationTarget target, StsCallException e) {
        return switch (e.failure()) {
            case ACCESS_DENIED -> VerificationResult.accessDenied("AWS denied AssumeRole on " + target.roleArn()
                    + ". Check that the role exists, that its trust policy allows " + setup.trustedPrincipal()
                    + " to call sts:AssumeRole, and that its sts:ExternalId condition equals this account's External ID.");
            case REGION_DISABLED -> VerificationResult.error("STS is not activated in region " + target.region()
                    + " for the platform's AWS account; choose another region for this account.");
            case INVALID_REQUEST -> VerificationResult.error("STS rejected the request (" + e.errorCode() + "); check the role ARN.");
            case DURATION_EXCEEDS_ROLE_MAX -> VerificationResult.error("The role's MaxSessionDuration is below "
                    + "the session length rolegate requested; raise it on the role.");
            case THROTTLED -> VerificationResult.inconclusive("STS throttled the platform (" + e.errorCode() + "); verify again in a minute.");
            case BROKER_CREDENTIALS -> brokerFault(e);
            case UNAVAILABLE -> VerificationResult.inconclusive("STS could not be reached (" + e.errorCode() + "); verify again later.");
        };
    }

    private static VerificationResult brokerFault(StsCallException e) {
        LOG.errorf("rolegate's own AWS credentials were refused by STS: %s", e.getMessage());
        return VerificationResult.inconclusive("The platform's own AWS credentials are missing or were refused (" + e.errorCode()
                + "); this is not your fault, try again later.");
    }
}
