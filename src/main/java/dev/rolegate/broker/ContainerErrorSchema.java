package dev.rolegate.broker;

import dev.rolegate.protocol.ContainerErrorCode;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Lists the container-credentials error codes in the OpenAPI document from {@link ContainerErrorCode} itself, so the
 * published enum and its status table cannot drift from what rolegate sends.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ContainerErrorSchema implements OASFilter {

    private static final List<String> CODE_PROPERTIES = List.of("code", "Code");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Schema schema = openAPI.getComponents().getSchemas().get(ContainerError.SCHEMA);
        if (schema == null) {
            return;
        }
        schema.setDescription(description());
        Map<String, Schema> properties = schema.getProperties();
        List<Object> codes = Arrays.stream(ContainerErrorCode.values()).map(ContainerErrorCode::code).collect(Collectors.toList());
        for (String name : CODE_PROPERTIES) {
            if (properties != null && properties.get(name) != null) {
                properties.get(name).setEnumeration(codes);
            }
        }
    }

    static String description() {
        return "The container-credentials error body. Code/Message and code/message carry the same values (the AWS SDK for "
                + "JavaScript v3 reads the capitalised pair). One code per condition, whichever layer refuses the request: "
                + Arrays.stream(ContainerErrorCode.values()).map(c -> c.status() + " " + c.code()).collect(Collectors.joining(", "))
                + ". A project without the account answers 403 AccessDenied, like an account the caller has no grant for, "
                + "so a worker learns nothing about accounts it may not use. 503 answers carry Retry-After.";
    }
}
