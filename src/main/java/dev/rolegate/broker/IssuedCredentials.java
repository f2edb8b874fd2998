package dev.rolegate.broker;

import dev.rolegate.session.CachedSession;

/** Credentials handed to a worker, with the account they act in. {@link #toString()} hides the secrets. */
public record IssuedCredentials(AccountRoute account, CachedSession session) {

    CredentialsResponse asResponse() {
        return new CredentialsResponse(session.credentials().accessKeyId(), session.credentials().secretAccessKey(),
                session.credentials().sessionToken(), session.expiresAt(), account.awsAccountId(), account.roleArn(), account.region());
    }

    ContainerCredentials asContainerCredentials() {
        return new ContainerCredentials(session.credentials().accessKeyId(), session.credentials().secretAccessKey(),
                session.credentials().sessionToken(), session.expiresAt().toString(), account.awsAccountId());
    }

    CredentialProcessOutput asCredentialProcess() {
        return new CredentialProcessOutput(1, session.credentials().accessKeyId(), session.credentials().secretAccessKey(),
                session.credentials().sessionToken(), session.expiresAt().toString());
    }

    @Override
    public String toString() {
        return "IssuedCredentials[account=" + account.accountId() + ", " + session + "]";
    }
}
