package dev.rolegate.aws;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/** Regions the AWS SDK knows, with their partition; global pseudo-regions are excluded. */
public final class AwsRegions {

    private static final Map<String, String> PARTITION_BY_REGION = Region.regions().stream()
            .filter(r -> !r.isGlobalRegion())
            .filter(r -> r.metadata() != null)
            .collect(Collectors.toUnmodifiableMap(Region::id, r -> partitionOf(r.metadata())));

    private AwsRegions() {
    }

    /** The partition id ("aws", "aws-cn", ...) of a known region, or empty for an unknown one. */
    public static Optional<String> partitionOf(String region) {
        return Optional.ofNullable(region).map(PARTITION_BY_REGION::get);
    }

    public static boolean isKnown(String region) {
        return partitionOf(region).isPresent();
    }

    private static String partitionOf(RegionMetadata metadata) {
        return metadata.partition().id();
    }
}
