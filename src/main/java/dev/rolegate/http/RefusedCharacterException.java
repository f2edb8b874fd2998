package dev.rolegate.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string holds a character rolegate refuses (see {@link Characters}). A Jackson mapping
 * exception, so Jackson records the path of the field at fault on the way out.
 */
public class RefusedCharacterException extends MismatchedInputException {

    private final String character;

    RefusedCharacterException(JsonParser parser, String character) {
        super(parser, "Refused character " + character, String.class);
        this.character = character;
    }

    /** The refused character in U+XXXX notation. */
    public String character() {
        return character;
    }
}
