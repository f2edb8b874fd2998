package dev.rolegate.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Builds IAM policy documents as JSON text, so quoting is Jackson's job rather than ours. */
final class PolicyDocuments {

    static final List<String> TRUST_ACTIONS = List.of("sts:AssumeRole", "sts:SetSourceIdentity");
    private static final String VERSION = "2012-10-17";

    private final ObjectMapper json;

    PolicyDocuments(ObjectMapper json) {
        this.json = json;
    }

    String trustPolicy(String principalArn, String externalId) {
        ObjectNode statement = statement("RolegateAssumeRole");
        statement.putObject("Principal").put("AWS", principalArn);
        strings(statement.putArray("Action"), TRUST_ACTIONS);
        statement.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", externalId);
        return render(document(statement), true);
    }

    String permissionsPolicy(List<String> actions, boolean pretty) {
        ObjectNode statement = statement("RolegatePlatformAccess");
        strings(statement.putArray("Action"), actions);
        statement.put("Resource", "*");
        return render(document(statement), pretty);
    }

    String stringArray(List<String> values) {
        return render(strings(json.createArrayNode(), values), false);
    }

    private ObjectNode statement(String sid) {
        ObjectNode statement = json.createObjectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        return statement;
    }

    private ObjectNode document(ObjectNode statement) {
        ObjectNode document = json.createObjectNode();
        document.put("Version", VERSION);
        document.putArray("Statement").add(statement);
        return document;
    }

    private static ArrayNode strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
        return array;
    }

    private String render(Object node, boolean pretty) {
        try {
            return pretty ? json.writerWithDefaultPrettyPrinter().writeValueAsString(node) : json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a policy document", e);
        }
    }
}
