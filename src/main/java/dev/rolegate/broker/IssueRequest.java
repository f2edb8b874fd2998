package dev.rolegate.broker;

import java.util.List;

/** What the three hand-off endpoints have in common, plus where the request came from. */
record IssueRequest(String projectId, String account, Integer minValiditySeconds, String sessionPolicy, List<String> policyArns,
        String clientAddress, String requestId) {

    static IssueRequest of(CredentialsRequest body, String clientAddress, String requestId) {
        return new IssueRequest(body.projectId(), body.account(), body.minValiditySeconds(), body.sessionPolicy(), body.policyArns(),
                clientAddress, requestId);
    }

    @Override
    public String toString() {
        return "IssueRequest[" + projectId + "/" + account + ", minValiditySeconds=" + minValiditySeconds + ", request=" + requestId + "]";
    }
}
