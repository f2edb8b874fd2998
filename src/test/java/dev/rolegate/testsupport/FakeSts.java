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
 * Faults are scripted per action, once each with {@link #enqueue} or until further notice with {@link #failAll}:
 * STS's own errors, the answers of STS-compatible servers, proxies and load balancers, delays and connection faults.
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
    private final Map<String, Scripted> sticky = new ConcurrentHashMap<>();
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

    /**
     * A canned answer that replaces a normal one for an action: a body as some peer really sends it (STS, an
     * STS-compatible server, a proxy or load balancer in between), a connection fault, or a delay before the normal
     * answer. {@code errorCode} is the code a reader could find in the body, or null.
     */
    public record Scripted(int status, String errorCode, Map<String, String> headers, String body, Fault fault, int delayMillis) {

        private static final String MOTO_REQUEST_ID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE";

        public static Scripted throttling() {
            return stsError(400, "Throttling", "Rate exceeded");
        }

        public static Scripted serviceUnavailable() {
            return stsError(503, "ServiceUnavailable", "Service is unavailable. Please try again later.");
        }

        public static Scripted internalFailure() {
            return stsError(500, "InternalFailure", "An internal error occurred.");
        }

        /** Real STS's envelope: {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}. */
        public static Scripted stsError(int status, String code, String message) {
            return new Scripted(status, code, stsHeaders(), errorXml(status >= 500 ? "Receiver" : "Sender", code, message), null, 0);
        }

        /**
         * The EC2-style envelope moto and other STS-compatible servers send (moto's {@code ERROR_RESPONSE} template):
         * {@code <ErrorResponse><Errors><Error><Code/><Message><![CDATA[...]]></Message></Error></Errors><RequestId/>},
         * without a namespace. The AWS SDK for Java finds no error code in it.
         */
        public static Scripted errorsEnvelope(int status, String code, String message) {
            String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n  <ErrorResponse>\n    <Errors>\n      <Error>\n"
                    + "        <Code>" + code + "</Code>\n        <Message><![CDATA[" + message + "]]></Message>\n        \n"
                    + "      </Error>\n    </Errors>\n  <RequestId>" + MOTO_REQUEST_ID + "</RequestId>\n</ErrorResponse>\n";
            return new Scripted(status, code, Map.of("Content-Type", "application/xml", "X-Amzn-ErrorType", code), body, null, 0);
        }

        /** STS's envelope with the Code element missing. */
        public static Scripted errorResponseWithoutCode(int status) {
            String body = "<ErrorResponse xmlns=\"" + NS + "\">\n  <Error>\n    <Type>Sender</Type>\n"
                    + "    <Message>Request could not be processed</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID()
                    + "</RequestId>\n</ErrorResponse>\n";
            return new Scripted(status, null, stsHeaders(), body, null, 0);
        }

        /** STS's answer cut off inside its Message element, as when a connection drops mid-body behind a proxy. */
        public static Scripted truncated(int status, String code, String message) {
            String whole = errorXml(status >= 500 ? "Receiver" : "Sender", code, message);
            return new Scripted(status, code, stsHeaders(), whole.substring(0, whole.indexOf("<Message>") + 20), null, 0);
        }

        /** nginx's own page when the upstream (here: STS) refused or dropped the connection. */
        public static Scripted nginxBadGateway() {
            return html(502, nginxPage("502 Bad Gateway"), "Server", "nginx/1.24.0");
        }

        /** nginx's own page when it failed itself while proxying (a module error, a bad configuration at runtime). */
        public static Scripted nginxInternalServerError() {
            return html(500, nginxPage("500 Internal Server Error"), "Server", "nginx/1.24.0");
        }

        /** nginx's own page when the upstream did not answer within proxy_read_timeout. */
        public static Scripted nginxGatewayTimeout() {
            return html(504, nginxPage("504 Gateway Time-out"), "Server", "nginx/1.24.0");
        }

        /** The page an AWS Application Load Balancer sends when its target group has no healthy target. */
        public static Scripted elbServiceUnavailable() {
            String body = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
                    + "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n";
            return html(503, body, "Server", "awselb/2.0");
        }

        /** A forward proxy (Squid) refusing the request by its own access rules: a 403 that says nothing about the role. */
        public static Scripted proxyForbidden() {
            String body = "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n"
                    + "<html><head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n"
                    + "<title>ERROR: The requested URL could not be retrieved</title>\n</head><body id=\"ERR_ACCESS_DENIED\">\n"
                    + "<div id=\"titles\">\n<h1>ERROR</h1>\n<h2>The requested URL could not be retrieved</h2>\n</div>\n<hr>\n"
                    + "<div id=\"content\">\n<blockquote id=\"error\">\n<p><b>Access Denied.</b></p>\n</blockquote>\n"
                    + "<p>Access control configuration prevents your request from being allowed at this time.</p>\n"
                    + "</div>\n<hr>\n<div id=\"footer\">\n<p>Generated by proxy.corp.example (squid/6.6)</p>\n</div>\n</body></html>\n";
            return new Scripted(403, null, Map.of("Content-Type", "text/html;charset=utf-8", "Server", "squid/6.6",
                    "X-Squid-Error", "ERR_ACCESS_DENIED 0"), body, null, 0);
        }

        /** A status with no body at all. */
        public static Scripted emptyBody(int status) {
            return new Scripted(status, null, Map.of(), "", null, 0);
        }

        /** A 200 whose body is an HTML page (a captive portal or a proxy's login page), not STS's answer. */
        public static Scripted htmlOk() {
            String body = "<!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head>\n"
                    + "<body><form method=\"post\" action=\"/login\"><input name=\"user\"><input type=\"password\" name=\"pass\">"
                    + "</form></body></html>\n";
            return html(200, body, "Server", "portal");
        }

        /** A 200 AssumeRoleResponse cut off inside its Credentials: not well-formed XML. */
        public static Scripted truncatedOk() {
            String body = "<AssumeRoleResponse xmlns=\"" + NS + "\">\n  <AssumeRoleResult>\n    <Credentials>\n"
                    + "      <AccessKeyId>ASIAEXAMPLETRUNCATED</AccessKeyId>\n      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG";
            return new Scripted(200, null, stsHeaders(), body, null, 0);
        }

        /** A well-formed 200 AssumeRoleResponse that names the assumed role but carries no Credentials. */
        public static Scripted assumeRoleWithoutCredentials() {
            String body = "<AssumeRoleResponse xmlns=\"" + NS + "\">\n  <AssumeRoleResult>\n    <AssumedRoleUser>\n"
                    + "      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:rolegate-test</AssumedRoleId>\n"
                    + "      <Arn>arn:aws:sts::123456789012:assumed-role/Role/rolegate-test</Arn>\n    </AssumedRoleUser>\n"
                    + "  </AssumeRoleResult>\n  <ResponseMetadata>\n    <RequestId>" + UUID.randomUUID() + "</RequestId>\n"
                    + "  </ResponseMetadata>\n</AssumeRoleResponse>\n";
            return new Scripted(200, null, stsHeaders(), body, null, 0);
        }

        /** A well-formed 200 GetCallerIdentityResponse without the Account element. */
        public static Scripted callerIdentityWithoutAccount() {
            String body = "<GetCallerIdentityResponse xmlns=\"" + NS + "\">\n  <GetCallerIdentityResult>\n"
                    + "    <Arn>arn:aws:iam::" + PLATFORM_ACCOUNT + ":user/rolegate</Arn>\n    <UserId>AIDAROLEGATEBROKER01</UserId>\n"
                    + "  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>" + UUID.randomUUID() + "</RequestId>\n"
                    + "  </ResponseMetadata>\n</GetCallerIdentityResponse>\n";
            return new Scripted(200, null, stsHeaders(), body, null, 0);
        }

        public static Scripted connectionReset() {
            return fault(Fault.CONNECTION_RESET_BY_PEER);
        }

        /** The connection fails in WireMock's way {@code fault} (a reset, garbage bytes, an empty answer). */
        public static Scripted fault(Fault fault) {
            return new Scripted(0, null, Map.of(), null, fault, 0);
        }

        /** Answers normally, but only after the delay. */
        public static Scripted delay(int millis) {
            return new Scripted(0, null, Map.of(), null, null, millis);
        }

        private static Scripted html(int status, String body, String header, String value) {
            return new Scripted(status, null, Map.of("Content-Type", "text/html", header, value), body, null, 0);
        }

        private static String nginxPage(String title) {
            return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                    + "</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n";
        }

        private static Map<String, String> stsHeaders() {
            return Map.of("Content-Type", "text/xml", "x-amzn-RequestId", UUID.randomUUID().toString());
        }

        private ResponseDefinition toResponse() {
            if (fault != null) {
                return new ResponseDefinitionBuilder().withFault(fault).build();
            }
            ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(status).withBody(body);
            headers.forEach(response::withHeader);
            return response.build();
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

    /** Answers every {@code action} request with {@code answer} until {@link #recover} or {@link #reset}; queued answers wait. */
    public void failAll(String action, Scripted answer) {
        sticky.put(action, answer);
    }

    /** Ends {@link #failAll} for {@code action}. */
    public void recover(String action) {
        sticky.remove(action);
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
        sticky.clear();
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
                ? scripted.toResponse()
                : answer(action, region, accessKey, token, form);
        int delay = (scripted == null ? 0 : scripted.delayMillis()) + latencyMillis;
        if (delay > 0 && answer.getFault() == null) {
            answer = ResponseDefinitionBuilder.like(answer).withFixedDelay(delay).build();
        }
        calls.add(new Call(action, region, form, answer.getStatus(), scripted == null ? errorCodeOf(answer) : scripted.errorCode()));
        return answer;
    }

    private Scripted nextScripted(String action) {
        Scripted always = sticky.get(action);
        if (always != null) {
            return always;
        }
        Deque<Scripted> queue = scripts.get(action);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.pollFirst();
        }
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
        return xmlResponse(status, errorXml(type, code, message));
    }

    private static String errorXml(String type, String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\">\n  <Error>\n    <Type>" + type + "</Type>\n    <Code>" + code + "</Code>\n"
                + "    <Message>" + xml(message) + "</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n";
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
