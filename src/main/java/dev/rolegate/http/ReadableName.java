package dev.rolegate.http;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A name people read: any Unicode text except what {@link Characters#firstRefusedInName} refuses
 * (controls including tab, LF and CR, line and paragraph separators, bidi embeddings, overrides and
 * isolates, lone surrogates). Null is valid; combine with {@code @NotBlank} where a name is required.
 */
@Documented
@Constraint(validatedBy = ReadableNameValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadableName {

    String MESSAGE = "must not contain control characters (tab, LF and CR included), line or paragraph separators, "
            + "bidi controls (U+202A-U+202E, U+2066-U+2069) or lone surrogates";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
