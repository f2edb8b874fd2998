package dev.rolegate.testsupport;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake AWS STS speaking the Query API (form-encoded POST, XML answers) as a WireMock transformer.
 * It keeps roles with their External ID and MaxSessionDuration, validates parameters like STS does,
 * issues credentials it later recognises in GetCallerIdentity, and answers errors with STS's bodies.
 * Faults (throttling, 5xx, delays, connection resets) are scripted per action with {@link #enqueue}.
 */
public final class FakeSts implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-sts";
    public static final String PLATFORM_ACCOUNT = "111122223333";
    public static final String BROKER_ACCESS_KEY = "AKIAROLEGATEBROKER01";
    public static final String BROKER_SECRET_KEY = "brokerSecretKeyForTestsOnly0000000000000";
    static final String BROKER_ARN = "arn:aws:iam::" + PLATFORM_ACCOUNT + ":user/rolegate";

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/\\d{8}/([^/]+)/sts/aws4_request");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Set<String> disabledRegions = ConcurrentHashMap.newKeySet();
    private final Map<String, Deque<Scripted>> scripts = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private volatile int latencyMillis;

    /** A role in some customer account. {@code reportedAccount} lets a test make GetCallerIdentity disagree with the ARN. */
    public record Role(String arn, String externalId, int maxSessionDuration, String reportedAccount) {
    }

    /** Credentials the fake issued. */
    public record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration, String roleArn, String sessionName) {
    }

    /** One request the fake received, with what it answered. */
    public record Call(String action, String region, Map<String, String> parameters, int status, String errorCode) {
    }

    /** A canned answer that replaces the next normal one for an action. */
    public record Scripted(int status, String errorCode, String message, Fault fault, int delayMillis) {

        public static Scripted throttling() {
            return new Scripted(400, "Throttling", "Rate exceeded", null, 0);
        }

        public static Scripted serviceUnavailable() {
            return new Scripted(503, "ServiceUnavailable", "Service is unavailable. Please try again later.", null, 0);
        }

        public static Scripted internalFailure() {
            return new Scripted(500, "InternalFailure", "An internal error occurred.", null, 0);
        }

        public static Scripted connectionReset() {
            return new Scripted(0, null, null, Fault.CONNECTION_RESET_BY_PEER, 0);
        }

        /** Answers normally, but only after the delay. */
        public static Scripted delay(int millis) {
            return new Scripted(0, null, null, null, millis);
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    // ---- test controls -------------------------------------------------------------------

    public void createRole(String arn, String externalId, int maxSessionDuration) {
        roles.put(arn, new Role(arn, externalId, maxSessionDuration, accountOf(arn)));
        SecretLedger.remember(externalId);
    }

    public void createRoleReportingAccount(String arn, String externalId, String reportedAccount) {
        roles.put(arn, new Role(arn, externalId, 3600, reportedAccount));
        SecretLedger.remember(externalId);
    }

    public void deleteRole(String arn) {
        roles.remove(arn);
    }

    public void disableRegion(String region) {
        disabledRegions.add(region);
    }

    public void enqueue(String action, Scripted... answers) {
        Deque<Scripted> queue = scripts.computeIfAbsent(action, a -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(answers));
        }
    }

    public List<Call> calls(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).toList();
    }

    public Optional<Issued> issued(String accessKeyId) {
        return Optional.ofNullable(issued.get(accessKeyId));
    }

    /** Adds this delay to every answer, like a distant STS endpoint. */
    public void setLatency(int millis) {
        latencyMillis = millis;
    }

    public void reset() {
        latencyMillis = 0;
        roles.clear();
        issued.clear();
        disabledRegions.clear();
        scripts.clear();
        calls.clear();
    }

    // ---- the STS Query API -----------------------------------------------------------------

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Map<String, String> form = parseForm(serveEvent.getRequest().getBodyAsString());
        String action = form.getOrDefault("Action", "");
        Matcher credential = CREDENTIAL.matcher(String.valueOf(serveEvent.getRequest().getHeader("Authorization")));
        boolean signed = credential.find();
        String accessKey = signed ? credential.group(1) : "";
        String region = signed ? credential.group(2) : "";
        String token = serveEvent.getRequest().containsHeader("X-Amz-Security-Token") ? serveEvent.getRequest().getHeader("X-Amz-Security-Token") : null;
        Scripted scripted = nextScripted(action);
        ResponseDefinition answer = scripted != null && scripted.delayMillis() == 0
                ? scriptedAnswer(scripted)
                : answer(action, region, accessKey, token, form);
        int delay = (scripted == null ? 0 : scripted.delayMillis()) + latencyMillis;
        if (delay > 0 && answer.getFault() == null) {
            answer = ResponseDefinitionBuilder.like(answer).withFixedDelay(delay).build();
        }
        calls.add(new Call(action, region, form, answer.getStatus(), scripted == null ? errorCodeOf(answer) : scripted.errorCode()));
        return answer;
    }

    private Scripted nextScripted(String action) {
        Deque<Scripted> queue = scripts.get(action);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.pollFirst();
        }
    }

    private static ResponseDefinition scriptedAnswer(Scripted scripted) {
        if (scripted.fault() != null) {
            return new ResponseDefinitionBuilder().withFault(scripted.fault()).build();
        }
        return error(scripted.status(), scripted.status() >= 500 ? "Receiver" : "Sender", scripted.errorCode(), scripted.message());
    }

    private ResponseDefinition answer(String action, String region, String accessKey, String token, Map<String, String> form) {
        if (disabledRegions.contains(region)) {
            return error(403, "Sender", "RegionDisabledException", "STS is not activated in this region for account:" + PLATFORM_ACCOUNT
                    + ". Your account administrator can activate STS in this region using the IAM Console.");
        }
        return switch (action) {
            case "AssumeRole" -> assumeRole(accessKey, form);
            case "GetCallerIdentity" -> callerIdentity(accessKey, token);
            default -> error(400, "Sender", "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
        };
    }

    private ResponseDefinition assumeRole(String accessKey, Map<String, String> form) {
        Optional<String> invalid = validateAssumeRole(form);
        if (invalid.isPresent()) {
            return error(400, "Sender", "ValidationError", invalid.get());
        }
        if (!BROKER_ACCESS_KEY.equals(accessKey)) {
            return error(403, "Sender", "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        String roleArn = form.get("RoleArn");
        Role role = roles.get(roleArn);
        if (role == null || !role.externalId().equals(form.get("ExternalId"))) {
            return error(403, "Sender", "AccessDenied", "User: " + BROKER_ARN + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        int duration = Integer.parseInt(form.getOrDefault("DurationSeconds", "3600"));
        if (duration > role.maxSessionDuration()) {
            return error(400, "Sender", "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Optional<ResponseDefinition> policyProblem = checkSessionPolicies(form);
        if (policyProblem.isPresent()) {
            return policyProblem.get();
        }
        return ok(assumeRoleXml(issue(role, form.get("RoleSessionName"), duration), packedPolicySize(form)));
    }

    /** Like STS: unparseable policies are MalformedPolicyDocument; too much policy for the packed format is PackedPolicyTooLarge. */
    private static Optional<ResponseDefinition> checkSessionPolicies(Map<String, String> form) {
        String policy = form.get("Policy");
        if (policy != null) {
            try {
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(policy);
            } catch (java.io.IOException e) {
                return Optional.of(error(400, "Sender", "MalformedPolicyDocument", "The policy is not in the valid JSON format."));
            }
        }
        if (packedPolicySize(form) > 100) {
            return Optional.of(error(400, "Sender", "PackedPolicyTooLarge",
                    "Packed size of consumed session policies exceeds 100% of the allowed value."));
        }
        return Optional.empty();
    }

    /** A stand-in for STS's packed-size percentage: 1800 characters of policy, or 18 ARNs' worth, fill it. */
    static int packedPolicySize(Map<String, String> form) {
        int policyChars = form.getOrDefault("Policy", "").length();
        return (policyChars + 100 * policyArns(form).size()) * 100 / 1800;
    }

    public static List<String> policyArns(Map<String, String> form) {
        List<String> arns = new java.util.ArrayList<>();
        for (int i = 1; form.containsKey("PolicyArns.member." + i + ".arn"); i++) {
            arns.add(form.get("PolicyArns.member." + i + ".arn"));
        }
        return arns;
    }

    private static Optional<String> validateAssumeRole(Map<String, String> form) {
        String arn = form.get("RoleArn");
        if (arn == null || arn.length() < 20 || arn.length() > 2048) {
            return Optional.of("1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048");
        }
        String sessionName = form.get("RoleSessionName");
        if (sessionName == null || !SESSION_NAME.matcher(sessionName).matches()) {
            return Optional.of("1 validation error detected: Value '" + sessionName + "' at 'roleSessionName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        String duration = form.get("DurationSeconds");
        if (duration != null && (Integer.parseInt(duration) < 900 || Integer.parseInt(duration) > 43200)) {
            return Optional.of("1 validation error detected: Value '" + duration + "' at 'durationSeconds' failed to satisfy constraint: "
                    + "Member must have value between 900 and 43200");
        }
        String policy = form.get("Policy");
        if (policy != null && policy.length() > 2048) {
            return Optional.of("1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048");
        }
        String externalId = form.get("ExternalId");
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            return Optional.of("1 validation error detected: Value '" + externalId + "' at 'externalId' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [\\w+=,.@:/-]*");
        }
        return Optional.empty();
    }

    private Issued issue(Role role, String sessionName, int durationSeconds) {
        Issued creds = new Issued("ASIA" + randomAlnum(16), randomAlnum(40), "FwoGZXIvYXdzE" + randomAlnum(300),
                MutableClock.shared().instant().plusSeconds(durationSeconds).truncatedTo(ChronoUnit.SECONDS), role.arn(), sessionName);
        issued.put(creds.accessKeyId(), creds);
        SecretLedger.remember(creds.secretAccessKey());
        SecretLedger.remember(creds.sessionToken());
        return creds;
    }

    private ResponseDefinition callerIdentity(String accessKey, String token) {
        if (BROKER_ACCESS_KEY.equals(accessKey)) {
            return ok(callerIdentityXml(PLATFORM_ACCOUNT, BROKER_ARN, "AIDAROLEGATEBROKER01"));
        }
        Issued creds = issued.get(accessKey);
        if (creds == null || !creds.sessionToken().equals(token)) {
            return error(403, "Sender", "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (creds.expiration().isBefore(MutableClock.shared().instant())) {
            return error(400, "Sender", "ExpiredToken", "The security token included in the request is expired");
        }
        Role role = roles.get(creds.roleArn());
        String account = role == null ? accountOf(creds.roleArn()) : role.reportedAccount();
        String roleName = creds.roleArn().substring(creds.roleArn().lastIndexOf('/') + 1);
        return ok(callerIdentityXml(account, "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + creds.sessionName(),
                "AROA" + randomAlnum(17) + ":" + creds.sessionName()));
    }

    // ---- XML -------------------------------------------------------------------------------

    private static String assumeRoleXml(Issued c, int packedPolicySize) {
        String roleName = c.roleArn().substring(c.roleArn().lastIndexOf('/') + 1);
        String account = accountOf(c.roleArn());
        return "<AssumeRoleResponse xmlns=\"" + NS + "\">\n  <AssumeRoleResult>\n    <AssumedRoleUser>\n"
                + "      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:" + xml(c.sessionName()) + "</AssumedRoleId>\n"
                + "      <Arn>arn:aws:sts::" + account + ":assumed-role/" + xml(roleName) + "/" + xml(c.sessionName()) + "</Arn>\n"
                + "    </AssumedRoleUser>\n    <Credentials>\n"
                + "      <AccessKeyId>" + c.accessKeyId() + "</AccessKeyId>\n"
                + "      <SecretAccessKey>" + c.secretAccessKey() + "</SecretAccessKey>\n"
                + "      <SessionToken>" + c.sessionToken() + "</SessionToken>\n"
                + "      <Expiration>" + c.expiration() + "</Expiration>\n"
                + "    </Credentials>\n    <PackedPolicySize>" + packedPolicySize + "</PackedPolicySize>\n  </AssumeRoleResult>\n"
                + "  <ResponseMetadata>\n    <RequestId>" + UUID.randomUUID() + "</RequestId>\n  </ResponseMetadata>\n</AssumeRoleResponse>\n";
    }

    private static String callerIdentityXml(String account, String arn, String userId) {
        return "<GetCallerIdentityResponse xmlns=\"" + NS + "\">\n  <GetCallerIdentityResult>\n"
                + "    <Arn>" + xml(arn) + "</Arn>\n    <UserId>" + xml(userId) + "</UserId>\n    <Account>" + account + "</Account>\n"
                + "  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>" + UUID.randomUUID() + "</RequestId>\n"
                + "  </ResponseMetadata>\n</GetCallerIdentityResponse>\n";
    }

    private static ResponseDefinition error(int status, String type, String code, String message) {
        String body = "<ErrorResponse xmlns=\"" + NS + "\">\n  <Error>\n    <Type>" + type + "</Type>\n    <Code>" + code + "</Code>\n"
                + "    <Message>" + xml(message) + "</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n";
        return xmlResponse(status, body);
    }

    private static ResponseDefinition ok(String body) {
        return xmlResponse(200, body);
    }

    private static ResponseDefinition xmlResponse(int status, String body) {
        return new ResponseDefinitionBuilder()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(body)
                .build();
    }

    private static String errorCodeOf(ResponseDefinition answer) {
        String body = answer.getBody();
        if (body == null || !body.contains("<Code>")) {
            return null;
        }
        return body.substring(body.indexOf("<Code>") + 6, body.indexOf("</Code>"));
    }

    private static String xml(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    private static String accountOf(String roleArn) {
        return roleArn.split(":")[4];
    }

    private String randomAlnum(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return out.toString();
    }
}
