package dev.rolegate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the strict mapper refuses, and that it still reads ordinary bodies. */
class StrictJsonTest {

    record Request(String projectId, Integer minValiditySeconds, Boolean flag, List<String> policyArns, Kind kind) {
    }

    record OneField(String displayName) {
    }

    enum Kind { FIRST, SECOND }

    private final ObjectMapper json = StrictJson.apply(new ObjectMapper());

    @Test
    void ordinaryBodyIsRead() throws JsonProcessingException {
        Request request = json.readValue("{\"projectId\":\"p1\",\"minValiditySeconds\":3600,\"flag\":true,\"policyArns\":[\"a\"],\"kind\":\"SECOND\"}",
                Request.class);

        assertThat(request).isEqualTo(new Request("p1", 3600, true, List.of("a"), Kind.SECOND));
    }

    @Test
    void tabLineFeedAndCarriageReturnStayReadable() throws JsonProcessingException {
        assertThat(json.readValue("{\"displayName\":\"a\\tb\\nc\\rd\"}", OneField.class).displayName()).isEqualTo("a\tb\nc\rd");
    }

    @Test
    void duplicateKeyIsRefusedInsteadOfLastOneWinning() {
        assertThatThrownBy(() -> json.readValue("{\"projectId\":\"p2\",\"projectId\":\"p1\"}", Request.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'projectId'");
    }

    @Test
    void duplicateKeyInAOneFieldRecordIsARefusalNotADefinitionError() {
        assertThatThrownBy(() -> json.readValue("{\"displayName\":\"A\",\"displayName\":\"B\"}", OneField.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"projectId\":\"p\"} {}", "{\"projectId\":\"p\"} x", "{\"projectId\":\"p\"}]", "{\"projectId\":\"p\"} 1"})
    void contentAfterTheDocumentIsRefused(String body) {
        assertThatThrownBy(() -> json.readValue(body, Request.class)).isInstanceOf(JsonProcessingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"3600\"", "3600.5", "36e2", "3600.0", "true", "\"\""})
    void integerFieldTakesOnlyAnInteger(String value) {
        assertThatThrownBy(() -> json.readValue("{\"minValiditySeconds\":" + value + "}", Request.class))
                .isInstanceOfSatisfying(JsonMappingException.class, e -> assertThat(e.getPath()).extracting(ref -> ref.getFieldName())
                        .containsExactly("minValiditySeconds"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "5", "5.5", "{}", "[\"p\"]"})
    void stringFieldTakesOnlyAString(String value) {
        assertThatThrownBy(() -> json.readValue("{\"projectId\":" + value + "}", Request.class))
                .isInstanceOfSatisfying(JsonMappingException.class, e -> assertThat(e.getPath()).extracting(ref -> ref.getFieldName())
                        .containsExactly("projectId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "0"})
    void booleanFieldTakesOnlyABoolean(String value) {
        assertThatThrownBy(() -> json.readValue("{\"flag\":" + value + "}", Request.class)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void enumOrdinalIsRefused() {
        assertThatThrownBy(() -> json.readValue("{\"kind\":1}", Request.class)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void nullListElementIsRefusedWithItsIndex() {
        assertThatThrownBy(() -> json.readValue("{\"policyArns\":[\"a\",null]}", Request.class))
                .isInstanceOfSatisfying(InvalidNullException.class, e -> assertThat(e.getPath()).extracting(ref -> ref.getIndex())
                        .containsExactly(-1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u0001", "\\u001b", "\\u007f", "\\u0085", "\\ud800", "\\udc00x"})
    void refusedCharacterInAStringIsRefusedWithItsCodePoint(String escaped) {
        assertThatThrownBy(() -> json.readValue("{\"projectId\":\"a" + escaped + "b\"}", Request.class))
                .isInstanceOfSatisfying(RefusedCharacterException.class, e -> {
                    assertThat(e.character()).startsWith("U+");
                    assertThat(e.getPath()).extracting(ref -> ref.getFieldName()).containsExactly("projectId");
                });
    }

    @Test
    void refusedCharacterInAListElementIsRefused() {
        assertThatThrownBy(() -> json.readValue("{\"policyArns\":[\"ok\",\"bad\\u0000\"]}", Request.class))
                .isInstanceOf(RefusedCharacterException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SECOND\\u0000", "\\u0001SECOND", "SECOND ", " SECOND", "SECOND\\n"})
    void enumConstantIsReadExactlyWithoutTrimming(String text) {
        assertThatThrownBy(() -> json.readValue("{\"kind\":\"" + text + "\"}", Request.class)).isInstanceOf(JsonMappingException.class);
    }

    record WithId(java.util.UUID id) {
    }

    @Test
    void uuidWithAControlCharacterIsRefusedRatherThanTrimmed() {
        String id = java.util.UUID.randomUUID().toString();

        assertThatThrownBy(() -> json.readValue("{\"id\":\"" + id + "\\u0000\"}", WithId.class)).isInstanceOf(RefusedCharacterException.class);
        assertThatThrownBy(() -> json.readValue("{\"id\":\" " + id + "\"}", WithId.class)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void enumAndUuidStillReadTheirPlainText() throws JsonProcessingException {
        String id = java.util.UUID.randomUUID().toString();

        assertThat(json.readValue("{\"kind\":\"FIRST\"}", Request.class).kind()).isEqualTo(Kind.FIRST);
        assertThat(json.readValue("{\"id\":\"" + id + "\"}", WithId.class).id()).hasToString(id);
    }

    @Test
    void duplicateKeyInATreeIsRefused() {
        assertThatThrownBy(() -> json.readTree("{\"Version\":\"1\",\"Version\":\"2\"}")).isInstanceOf(JsonProcessingException.class);
    }
}
