package dev.rolegate.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What narrows a session below the role's own permissions: an inline session policy and managed
 * policy ARNs. The empty scope is the role's full permissions. Validated against STS's limits, so
 * a bad scope never reaches STS.
 */
public record SessionScope(Optional<String> policy, List<String> policyArns) {

    public static final SessionScope EMPTY = new SessionScope(Optional.empty(), List.of());
    static final int MAX_POLICY_CHARS = 2048;
    static final int MAX_POLICY_ARNS = 10;
    private static final Pattern POLICY_CHARS = Pattern.compile("[\\x20-\\x7E\\t\\n\\r]*");
    private static final Pattern POLICY_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}|aws):policy/[\\w+=,.@/-]{1,512}");

    public SessionScope {
        policyArns = policyArns.stream().sorted().distinct().toList();
    }

    /** Validates and builds a scope; throws {@link InvalidScopeException} naming the field at fault. */
    public static SessionScope of(String policy, List<String> policyArns) {
        List<String> arns = policyArns == null ? List.of() : policyArns;
        if (policy == null && arns.isEmpty()) {
            return EMPTY;
        }
        if (policy != null && (policy.isBlank() || policy.length() > MAX_POLICY_CHARS)) {
            throw new InvalidScopeException("sessionPolicy", "must be 1-" + MAX_POLICY_CHARS + " characters");
        }
        if (policy != null && !POLICY_CHARS.matcher(policy).matches()) {
            throw new InvalidScopeException("sessionPolicy", "may contain only printable ASCII, tab, LF and CR");
        }
        if (arns.size() > MAX_POLICY_ARNS) {
            throw new InvalidScopeException("policyArns", "at most " + MAX_POLICY_ARNS + " managed policy ARNs");
        }
        arns.stream().filter(arn -> arn == null || !POLICY_ARN.matcher(arn).matches()).findFirst().ifPresent(bad -> {
            throw new InvalidScopeException("policyArns", "each must be an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess");
        });
        return new SessionScope(Optional.ofNullable(policy), arns);
    }

    public boolean isEmpty() {
        return policy.isEmpty() && policyArns.isEmpty();
    }

    /** "" for the empty scope, else the SHA-256 of the policy and the sorted ARNs. */
    public String hash() {
        if (isEmpty()) {
            return SessionKey.EMPTY_SCOPE;
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(policy.orElse("").getBytes(StandardCharsets.UTF_8));
            policyArns.forEach(arn -> sha256.update(("\n" + arn).getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String joinedArns() {
        return policyArns.isEmpty() ? null : String.join("\n", policyArns);
    }

    static SessionScope fromStored(String policy, String joinedArns) {
        return new SessionScope(Optional.ofNullable(policy), joinedArns == null || joinedArns.isEmpty() ? List.of() : List.of(joinedArns.split("\n")));
    }
}
