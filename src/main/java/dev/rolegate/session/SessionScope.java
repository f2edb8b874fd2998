package dev.rolegate.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.http.StrictJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * What narrows a session below the role's own permissions: an inline session policy (an IAM policy
 * document) and managed policy ARNs. The empty scope is the role's full permissions. Validated
 * against STS's limits, so a bad scope never reaches STS: the policy is printable ASCII (plus tab,
 * LF, CR) and a JSON object with Version and Statement, at most 10 ARNs, and the plaintext of the
 * policy and the ARNs together at most 2048 characters, as STS counts.
 */
public record SessionScope(Optional<String> policy, List<String> policyArns) {

    public static final SessionScope EMPTY = new SessionScope(Optional.empty(), List.of());
    static final int MAX_POLICY_CHARS = 2048;
    static final int MAX_POLICY_ARNS = 10;
    private static final Pattern POLICY_CHARS = Pattern.compile("[\\x20-\\x7E\\t\\n\\r]*");
    /** The policy language versions IAM knows; textual values only ("Version": 2012 is not one). */
    private static final Set<String> POLICY_VERSIONS = Set.of("2012-10-17", "2008-10-17");
    /** Strict: duplicate keys and content after the document are refused, as STS's own parser may read them differently. */
    private static final ObjectMapper POLICY_READER = StrictJson.apply(new ObjectMapper());
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
        if (policy != null) {
            requirePolicyDocument(policy);
        }
        requirePolicyArns(arns);
        int plaintext = (policy == null ? 0 : policy.length()) + arns.stream().mapToInt(String::length).sum();
        if (plaintext > MAX_POLICY_CHARS) {
            throw new InvalidScopeException(policy == null ? "policyArns" : "sessionPolicy", "sessionPolicy and policyArns together must not exceed "
                    + MAX_POLICY_CHARS + " characters (STS counts the plaintext of both)");
        }
        return new SessionScope(Optional.ofNullable(policy), arns);
    }

    /**
     * Refuses policy ARNs of another partition than the account's: STS would refuse them anyway, after
     * a round trip against the platform's shared quota.
     *
     * @param partition the account role's partition, e.g. "aws"
     */
    public void requirePartition(String partition) {
        policyArns.stream().filter(arn -> !arn.startsWith("arn:" + partition + ":")).findFirst().ifPresent(other -> {
            throw new InvalidScopeException("policyArns", "each must be in the account's partition '" + partition + "' (arn:" + partition + ":iam::...)");
        });
    }

    private static void requirePolicyDocument(String policy) {
        if (policy.isBlank() || policy.length() > MAX_POLICY_CHARS) {
            throw new InvalidScopeException("sessionPolicy", "must be 1-" + MAX_POLICY_CHARS + " characters");
        }
        if (!POLICY_CHARS.matcher(policy).matches()) {
            throw new InvalidScopeException("sessionPolicy", "may contain only printable ASCII, tab, LF and CR");
        }
        JsonNode document;
        try {
            document = POLICY_READER.readTree(policy);
        } catch (JsonProcessingException e) {
            throw new InvalidScopeException("sessionPolicy", "must be an IAM policy document, a JSON object; it is not valid JSON"
                    + " (or repeats a key, or has content after the document)");
        }
        JsonNode version = document.path("Version");
        if (!document.isObject() || !version.isTextual() || !POLICY_VERSIONS.contains(version.textValue()) || !isStatement(document.get("Statement"))) {
            throw new InvalidScopeException("sessionPolicy", "must be an IAM policy document: a JSON object with \"Version\": \"2012-10-17\""
                    + " and a \"Statement\" object or array of objects");
        }
    }

    private static boolean isStatement(JsonNode statement) {
        if (statement == null) {
            return false;
        }
        if (statement.isArray()) {
            return StreamSupport.stream(statement.spliterator(), false).allMatch(JsonNode::isObject);
        }
        return statement.isObject();
    }

    private static void requirePolicyArns(List<String> arns) {
        if (arns.size() > MAX_POLICY_ARNS) {
            throw new InvalidScopeException("policyArns", "at most " + MAX_POLICY_ARNS + " managed policy ARNs");
        }
        arns.stream().filter(arn -> arn == null || !POLICY_ARN.matcher(arn).matches()).findFirst().ifPresent(bad -> {
            throw new InvalidScopeException("policyArns", "each must be an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess");
        });
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
