package dev.rolegate.aws;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A validated IAM role ARN: {@code arn:<partition>:iam::<12 digits>:role/<optional path/><name>}. */
public record RoleArn(String partition, String accountId, String path, String roleName) {

    public static final Set<String> PARTITIONS = Set.of("aws", "aws-cn", "aws-us-gov");
    private static final int MIN_LENGTH = 20;
    private static final int MAX_LENGTH = 2048;
    /** IAM's limits: a path of 1-512 characters including its slashes, a role name of 1-64. */
    static final int MAX_PATH_LENGTH = 512;
    static final int MAX_NAME_LENGTH = 64;
    private static final Pattern SHAPE = Pattern.compile("arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)", Pattern.DOTALL);
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /** IAM path: "/" or "/segment/.../", printable ASCII without spaces; role name: 1-64 of [\w+=,.@-]. */
    private static final Pattern ROLE_RESOURCE = Pattern.compile("role((?:/[\\x21-\\x7E&&[^/]]+)*/)([\\w+=,.@-]{1,64})");

    /** Parses {@code arn}, or explains in one sentence why it is not a role ARN. */
    public static RoleArn parse(String arn) {
        if (arn == null || arn.length() < MIN_LENGTH || arn.length() > MAX_LENGTH) {
            throw new InvalidRoleArnException("must be " + MIN_LENGTH + "-" + MAX_LENGTH + " characters long");
        }
        Matcher m = SHAPE.matcher(arn);
        if (!m.matches()) {
            throw new InvalidRoleArnException("must look like arn:aws:iam::123456789012:role/RoleName");
        }
        requireAll(m);
        Matcher resource = ROLE_RESOURCE.matcher(m.group(5));
        if (!resource.matches()) {
            throw new InvalidRoleArnException(resourceProblem(m.group(5)));
        }
        if (resource.group(1).length() > MAX_PATH_LENGTH) {
            throw new InvalidRoleArnException("role path must be at most " + MAX_PATH_LENGTH + " characters (IAM's limit)");
        }
        return new RoleArn(m.group(1), m.group(4), resource.group(1), resource.group(2));
    }

    /** Like {@link #parse} but empty instead of throwing. */
    public static Optional<RoleArn> tryParse(String arn) {
        try {
            return Optional.of(parse(arn));
        } catch (InvalidRoleArnException e) {
            return Optional.empty();
        }
    }

    private static void requireAll(Matcher m) {
        if (!PARTITIONS.contains(m.group(1))) {
            throw new InvalidRoleArnException("partition '" + m.group(1) + "' is not one of aws, aws-cn, aws-us-gov");
        }
        if (!"iam".equals(m.group(2))) {
            throw new InvalidRoleArnException("service must be 'iam', not '" + m.group(2) + "'");
        }
        if (!m.group(3).isEmpty()) {
            throw new InvalidRoleArnException("IAM ARNs have no region; the region field must be empty");
        }
        if (!ACCOUNT.matcher(m.group(4)).matches()) {
            throw new InvalidRoleArnException("account id must be exactly 12 digits");
        }
    }

    private static String resourceProblem(String resource) {
        if (!resource.startsWith("role/")) {
            String kind = resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
            return "must name an IAM role (resource 'role/...'), not '" + kind + "'";
        }
        return "role name must be 1-" + MAX_NAME_LENGTH + " characters of letters, digits and +=,.@_- after an optional /path/";
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":iam::" + accountId + ":role" + path + roleName;
    }
}
