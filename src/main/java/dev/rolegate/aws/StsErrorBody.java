package dev.rolegate.aws;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The error code (and message) of an STS error body the AWS SDK could not read. Real STS sends
 * {@code <ErrorResponse><Error><Code>}; STS-compatible servers such as moto send the EC2 envelope
 * {@code <ErrorResponse><Errors><Error><Code>}, which the SDK's query protocol does not look into.
 * Namespaces are ignored. Only a complete, well-formed document without a DTD counts: a truncated body
 * is no basis for deciding that a customer revoked access. Reading never throws.
 */
record StsErrorBody(String code, String message) {

    /** Real error bodies are well under 1 KiB; anything far larger is not one. */
    static final int MAX_BYTES = 64 * 1024;
    /** AWS error codes are identifiers such as {@code AccessDenied} or {@code AWS.SimpleQueueService.NonExistentQueue}. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9._:-]{0,99}");
    private static final List<String> ERROR = List.of("ErrorResponse", "Error");
    private static final List<String> ERRORS_ERROR = List.of("ErrorResponse", "Errors", "Error");
    private static final XMLInputFactory FACTORY = safeFactory();

    /** The code and message of the first error in {@code body}, or empty if it is not a readable error document. */
    static Optional<StsErrorBody> read(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BYTES) {
            return Optional.empty();
        }
        try {
            return firstError(FACTORY.createXMLStreamReader(new ByteArrayInputStream(body)));
        } catch (XMLStreamException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code code} looks like an AWS error code rather than arbitrary text. */
    static boolean isErrorCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    private static Optional<StsErrorBody> firstError(XMLStreamReader reader) throws XMLStreamException {
        List<String> path = new ArrayList<>();
        String code = null;
        String message = null;
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> {
                    return Optional.empty();
                }
                case XMLStreamConstants.START_ELEMENT -> {
                    String name = reader.getLocalName();
                    if (isInFirstError(path) && "Code".equals(name) && code == null) {
                        code = reader.getElementText().strip();
                    } else if (isInFirstError(path) && "Message".equals(name) && message == null) {
                        message = reader.getElementText();
                    } else {
                        path.add(name);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> path.remove(path.size() - 1);
                default -> {
                    // text, comments and processing instructions between elements carry nothing we need
                }
            }
        }
        return isErrorCode(code) ? Optional.of(new StsErrorBody(code, message)) : Optional.empty();
    }

    private static boolean isInFirstError(List<String> path) {
        return path.equals(ERROR) || path.equals(ERRORS_ERROR);
    }

    private static XMLInputFactory safeFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    @Override
    public String toString() {
        // The message may quote request parameters, the External ID among them.
        return "StsErrorBody[code=" + code + ", message=***]";
    }
}
