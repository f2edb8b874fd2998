package dev.rolegate.http;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Every JSON reader in rolegate reads exactly what was sent, or refuses it: duplicate keys, content
 * after the document, a number or boolean where text belongs (or text, a fraction or an exponent
 * where an integer belongs), enum ordinals, null list elements, and refused characters in strings
 * ({@link Characters#firstRefusedInText}). Applied to Quarkus' ObjectMapper, so request bodies and
 * any code parsing JSON with the injected mapper get the same rules.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Makes {@code mapper} strict; returns it. Also for code that builds its own mapper. */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        refuseScalarCoercion(mapper);
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        SimpleModule strictText = new SimpleModule("rolegate-strict-text").addDeserializer(String.class, new StrictStringDeserializer());
        strictText.setDeserializerModifier(new ExactTextModifier());
        mapper.registerModule(strictText);
        return mapper;
    }

    private static void refuseScalarCoercion(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        for (LogicalType structured : new LogicalType[] {LogicalType.POJO, LogicalType.Collection, LogicalType.Array, LogicalType.Map, LogicalType.Enum}) {
            mapper.coercionConfigFor(structured).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
    }

    /** Refuses a refused character in a string, with its code point. */
    static String checked(JsonParser parser, String text) throws RefusedCharacterException {
        int refused = Characters.firstRefusedInText(text);
        if (refused >= 0) {
            throw new RefusedCharacterException(parser, Characters.describe(text, refused));
        }
        return text;
    }

    /**
     * Enums and other values read from text (UUIDs, instants) trim the text first, and String.trim
     * removes every character up to U+0020: "SERVICE_ACCOUNT\u0000" was read as SERVICE_ACCOUNT.
     * These read exactly the text sent, or refuse it.
     */
    static final class ExactTextModifier extends BeanDeserializerModifier {

        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type, BeanDescription description,
                JsonDeserializer<?> deserializer) {
            return new ExactTextDeserializer(deserializer);
        }

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
            return deserializer instanceof FromStringDeserializer<?> ? new ExactTextDeserializer(deserializer) : deserializer;
        }
    }

    /** Checks the text of a string token, then lets the wrapped deserializer read it. */
    static final class ExactTextDeserializer extends DelegatingDeserializer {

        ExactTextDeserializer(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ExactTextDeserializer(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                String text = checked(parser, parser.getText());
                if (!text.equals(text.strip())) {
                    return context.handleWeirdStringValue(handledType(), text, "surrounding whitespace is not accepted");
                }
            }
            return super.deserialize(parser, context);
        }
    }

    /** Strings only from JSON strings, and only without refused characters. */
    static final class StrictStringDeserializer extends StdScalarDeserializer<String> {

        StrictStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            return checked(parser, parser.getText());
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }
}
