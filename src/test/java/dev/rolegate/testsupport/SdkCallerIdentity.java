package dev.rolegate.testsupport;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * A worker as an application writes it: the AWS SDK for Java v2 with its default credentials chain and no rolegate
 * code, calling STS GetCallerIdentity at the endpoint in {@code args[0]}. Run in its own process, so the only thing
 * telling it where credentials come from is its environment. Prints the access key id it signed with and the ARN.
 */
public final class SdkCallerIdentity {

    private SdkCallerIdentity() {
    }

    public static void main(String[] args) {
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
                StsClient sts = StsClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create(args[0]))
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            AwsCredentials used = credentials.resolveCredentials();
            System.out.println("accessKeyId=" + used.accessKeyId());
            System.out.println("arn=" + identity.arn());
        }
    }
}
