package dev.rolegate.account;

import dev.rolegate.audit.AdminAudit;
import dev.rolegate.audit.AuditAction;
import dev.rolegate.aws.AwsRegions;
import dev.rolegate.aws.RoleArn;
import dev.rolegate.crypto.SecretBox;
import dev.rolegate.problem.ProblemException;
import dev.rolegate.problem.ProblemType;
import dev.rolegate.project.ProjectService;
import dev.rolegate.setup.ExternalIds;
import dev.rolegate.setup.SetupMaterial;
import dev.rolegate.setup.SetupMaterialFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Account lifecycle in the database. STS calls happen outside these transactions, in {@link AccountVerification}.
 * Every portal change is audited in its own transaction ({@link AdminAudit}), so it cannot commit unaudited.
 */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final ProjectService projects;
    private final SecretBox secrets;
    private final ExternalIds externalIds;
    private final SetupMaterialFactory setup;
    private final AccountStatusService statuses;
    private final AdminAudit audit;
    private final Clock clock;

    public AccountService(AccountRepository accounts, ProjectService projects, SecretBox secrets, ExternalIds externalIds,
            SetupMaterialFactory setup, AccountStatusService statuses, AdminAudit audit, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.statuses = statuses;
        this.projects = projects;
        this.secrets = secrets;
        this.externalIds = externalIds;
        this.setup = setup;
        this.clock = clock;
    }

    @Transactional
    public AccountResponses.Setup startSetup(String projectId, AccountRequests.Setup request) {
        requirePlatformPartition("region", AwsRegions.partitionOf(request.region()).orElseThrow());
        AwsAccount account = create(projectId, request.name(), request.region(), request.sessionDurationSeconds(), ExternalIdOrigin.GENERATED);
        String externalId = externalIds.generate();
        account.sealExternalId(secrets.seal(externalId, AwsAccount.externalIdContext(account.id())));
        persistNew(account);
        audit.record(AuditAction.ACCOUNT_CREATED, projectId, account.id(), "setup flow, region " + request.region());
        return new AccountResponses.Setup(view(account, externalId), material(account, externalId));
    }

    @Transactional
    public SetupMaterial setupMaterial(String projectId, UUID accountId) {
        AwsAccount account = requireLive(projectId, accountId);
        return material(account, externalIdOf(account));
    }

    /**
     * Attaches the role; a different role than before stops the account from being served until it is verified. The
     * audit row names the role; the verification's outcome is in the status history (see {@link AccountVerification}).
     */
    @Transactional
    public VerificationTarget connect(String projectId, UUID accountId, AccountRequests.Connect request) {
        AwsAccount account = requireLive(projectId, accountId);
        RoleArn arn = roleArn(request.roleArn());
        boolean changed = !arn.toString().equals(account.roleArn());
        if (changed) {
            statuses.changeRole(account, arn);
        }
        audit.record(AuditAction.ACCOUNT_CONNECTED, projectId, accountId, arn + (changed ? " attached" : " unchanged") + "; verifying");
        return target(account);
    }

    @Transactional
    public VerificationTarget register(String projectId, AccountRequests.Register request) {
        RoleArn arn = roleArn(request.roleArn());
        requirePlatformPartition("region", AwsRegions.partitionOf(request.region()).orElseThrow());
        AwsAccount account = create(projectId, request.name(), request.region(), request.sessionDurationSeconds(), ExternalIdOrigin.CUSTOMER);
        account.sealExternalId(secrets.seal(request.externalId(), AwsAccount.externalIdContext(account.id())));
        account.attachRole(arn, clock.instant());
        persistNew(account);
        audit.record(AuditAction.ACCOUNT_CREATED, projectId, account.id(), "legacy register " + arn + "; verifying");
        return target(account);
    }

    @Transactional
    public VerificationTarget verificationTarget(String projectId, UUID accountId) {
        AwsAccount account = requireLive(projectId, accountId);
        if (account.roleArn() == null) {
            throw ProblemException.conflict("Account " + accountId + " has no role ARN yet; connect it first");
        }
        return target(account);
    }

    /**
     * Stores a verification outcome unless the account was re-pointed or disconnected meanwhile. A transient failure
     * (throttling, an STS outage, rolegate's own credentials) proves nothing about the customer's role, so it never
     * overturns a verdict (CONNECTED, ACCESS_DENIED): the failed check goes into the status history instead.
     */
    @Transactional
    public AccountView recordVerification(VerificationTarget target, VerificationResult result) {
        return storeVerification(target, result);
    }

    /** {@link #recordVerification} for a verification the portal asked for, audited with its outcome. */
    @Transactional
    public AccountView recordRequestedVerification(VerificationTarget target, VerificationResult result) {
        AccountView recorded = storeVerification(target, result);
        String outcome = AccountVerification.isInconclusive(result, recorded)
                ? "inconclusive: STS could not answer; the account keeps its status" : recorded.status().name();
        audit.record(AuditAction.ACCOUNT_VERIFIED, target.projectId(), target.accountId(), outcome);
        return recorded;
    }

    private AccountView storeVerification(VerificationTarget target, VerificationResult result) {
        AwsAccount account = accounts.findById(target.accountId());
        if (account.status() != AccountStatus.DISCONNECTED && target.roleArn().equals(account.roleArn())) {
            if (result.isTransient() && account.status().isVerdict()) {
                statuses.recordInconclusiveCheck(account, result.error());
            } else {
                statuses.recordVerification(account, result);
            }
            accounts.flush();
        }
        return view(account);
    }

    @Transactional
    public AccountView get(String projectId, UUID accountId) {
        return view(require(projectId, accountId));
    }

    @Transactional
    public List<StatusChange> history(String projectId, UUID accountId) {
        require(projectId, accountId);
        return statuses.history(accountId).stream().map(StatusChange::of).toList();
    }

    @Transactional
    public AccountResponses.Page list(String projectId, Optional<AccountStatus> status, int page, int size) {
        projects.require(projectId);
        AccountRepository.Slice slice = accounts.page(projectId, status, page, size);
        return new AccountResponses.Page(slice.items().stream().map(this::view).toList(), page, size, slice.total());
    }

    @Transactional
    public AccountView update(String projectId, UUID accountId, AccountRequests.Update request, OptionalLong expectedVersion) {
        AwsAccount account = requireLive(projectId, accountId);
        requireVersion(account, expectedVersion);
        if (request.name() != null && !request.name().equals(account.name())) {
            requireNameFree(projectId, request.name(), account.id());
            account.rename(request.name(), clock.instant());
        }
        if (request.region() != null) {
            requirePlatformPartition("region", AwsRegions.partitionOf(request.region()).orElseThrow());
            account.moveToRegion(request.region(), clock.instant());
        }
        if (request.sessionDurationSeconds() != null) {
            account.changeSessionDuration(request.sessionDurationSeconds(), clock.instant());
        }
        accounts.flush();
        statuses.changed(account);
        audit.record(AuditAction.ACCOUNT_UPDATED, projectId, accountId, "version " + account.version());
        return view(account);
    }

    /** Disconnects the account; idempotent. STS sessions already issued stay valid until they expire. */
    @Transactional
    public void disconnect(String projectId, UUID accountId) {
        AwsAccount account = require(projectId, accountId);
        if (account.status() != AccountStatus.DISCONNECTED) {
            statuses.disconnect(account);
        }
        audit.record(AuditAction.ACCOUNT_DISCONNECTED, projectId, accountId, null);
    }

    private AwsAccount create(String projectId, String name, String region, Integer durationSeconds, ExternalIdOrigin origin) {
        projects.require(projectId);
        requireNameFree(projectId, name, null);
        return new AwsAccount(UUID.randomUUID(), projectId, name, region, SessionDurations.orDefault(durationSeconds), origin, clock.instant());
    }

    /** Flushes at once so a concurrent duplicate name fails here, as a mapped 409, rather than at commit. */
    private void persistNew(AwsAccount account) {
        accounts.persist(account);
        accounts.flush();
    }

    private AwsAccount require(String projectId, UUID accountId) {
        projects.require(projectId);
        return accounts.findInProject(projectId, accountId)
                .orElseThrow(() -> ProblemException.notFound("Project '" + projectId + "' has no AWS account " + accountId));
    }

    private AwsAccount requireLive(String projectId, UUID accountId) {
        AwsAccount account = require(projectId, accountId);
        if (account.status() == AccountStatus.DISCONNECTED) {
            throw ProblemException.conflict("Account " + accountId + " is disconnected; set up a new account instead");
        }
        return account;
    }

    private void requireNameFree(String projectId, String name, UUID exceptId) {
        if (accounts.liveNameTaken(projectId, name, exceptId == null ? new UUID(0, 0) : exceptId)) {
            throw ProblemException.conflict("Project '" + projectId + "' already has an account named '" + name + "'");
        }
    }

    private static void requireVersion(AwsAccount account, OptionalLong expected) {
        if (expected.isPresent() && expected.getAsLong() != account.version()) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED,
                    "Account is at version " + account.version() + ", not " + expected.getAsLong() + "; read it again");
        }
    }

    private RoleArn roleArn(String text) {
        RoleArn arn = RoleArn.parse(text);
        requirePlatformPartition("roleArn", arn.partition());
        return arn;
    }

    private void requirePlatformPartition(String field, String partition) {
        if (!setup.platformPartition().equals(partition)) {
            throw ProblemException.invalidField(field, "is in partition " + partition + ", but the platform's AWS account is in "
                    + setup.platformPartition() + "; a role can only trust principals of its own partition");
        }
    }

    private VerificationTarget target(AwsAccount account) {
        return new VerificationTarget(account.id(), account.projectId(), account.roleArn(), externalIdOf(account), account.region());
    }

    private SetupMaterial material(AwsAccount account, String externalId) {
        return setup.material(account.projectId(), account.id(), account.name(), account.region(), account.sessionDurationSeconds(), externalId);
    }

    private String externalIdOf(AwsAccount account) {
        return secrets.open(account.externalId(), AwsAccount.externalIdContext(account.id()));
    }

    private AccountView view(AwsAccount account) {
        return view(account, externalIdOf(account));
    }

    private static AccountView view(AwsAccount account, String externalId) {
        return AccountView.of(account, ExternalIds.mask(externalId));
    }
}
