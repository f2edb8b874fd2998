package dev.rolegate.ops;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the spans of an OTLP/HTTP protobuf export ({@code ExportTraceServiceRequest}) by field number, as a collector
 * would, without generated classes: resource_spans(1) / scope_spans(2) / spans(2), each span's name(5), kind(6) and
 * attributes(9) as key(1) and value(2). A body that is not such a message is a failed test, never a silent empty list.
 */
final class OtlpSpans {

    /** SPAN_KIND_SERVER in opentelemetry-proto's trace.proto. */
    static final long KIND_SERVER = 2;

    record Span(String name, long kind, Map<String, String> attributes) {
    }

    private OtlpSpans() {
    }

    static List<Span> read(byte[] exportTraceServiceRequest) {
        List<Span> spans = new ArrayList<>();
        for (ByteString resourceSpans : messages(parse(exportTraceServiceRequest), 1)) {
            for (ByteString scopeSpans : messages(parse(resourceSpans), 2)) {
                for (ByteString span : messages(parse(scopeSpans), 2)) {
                    spans.add(span(parse(span)));
                }
            }
        }
        return spans;
    }

    private static Span span(UnknownFieldSet span) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (ByteString keyValue : messages(span, 9)) {
            UnknownFieldSet kv = parse(keyValue);
            attributes.put(text(kv, 1), value(parse(messages(kv, 2).stream().findFirst().orElse(ByteString.EMPTY))));
        }
        List<Long> kind = span.hasField(6) ? span.getField(6).getVarintList() : List.of();
        return new Span(text(span, 5), kind.isEmpty() ? 0 : kind.get(0), attributes);
    }

    /** AnyValue: string(1), bool(2), int(3) and double(4) as text; arrays, maps and bytes as their raw UTF-8, so no value escapes a check. */
    private static String value(UnknownFieldSet any) {
        if (any.hasField(2)) {
            return Boolean.toString(any.getField(2).getVarintList().get(0) != 0);
        }
        if (any.hasField(3)) {
            return Long.toString(any.getField(3).getVarintList().get(0));
        }
        if (any.hasField(4)) {
            return Double.toString(Double.longBitsToDouble(any.getField(4).getFixed64List().get(0)));
        }
        for (int field : new int[] {1, 5, 6, 7}) {
            if (any.hasField(field)) {
                return text(any, field);
            }
        }
        return "";
    }

    private static List<ByteString> messages(UnknownFieldSet message, int field) {
        return message.hasField(field) ? message.getField(field).getLengthDelimitedList() : List.of();
    }

    private static String text(UnknownFieldSet message, int field) {
        List<ByteString> values = messages(message, field);
        return values.isEmpty() ? "" : values.get(0).toStringUtf8();
    }

    private static UnknownFieldSet parse(byte[] bytes) {
        return parse(ByteString.copyFrom(bytes));
    }

    private static UnknownFieldSet parse(ByteString bytes) {
        try {
            return UnknownFieldSet.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not an OTLP protobuf message: " + e.getMessage(), e);
        }
    }
}
