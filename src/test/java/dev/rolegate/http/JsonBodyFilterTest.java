package dev.rolegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "APPLICATION/JSON", "application/json; charset=utf-8", "application/json;charset=\"UTF-8\""})
    void applicationJsonInUtf8IsJson(String contentType) {
        assertThat(JsonBodyFilter.isJson(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "text/json", "application/problem+json", "application/json; charset=utf-16",
            "application/json; charset=latin1", "application/json; boundary=x", "text/plain", "", ";;", "application/json, text/plain"})
    void wildcardsOtherTypesAndOtherCharsetsAreNot(String contentType) {
        assertThat(JsonBodyFilter.isJson(contentType)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void missingContentTypeIsNotJson() {
        assertThat(JsonBodyFilter.isJson(null)).isFalse();
    }
}
