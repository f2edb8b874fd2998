package dev.rolegate.http;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link ReadableName}. */
public class ReadableNameValidator implements ConstraintValidator<ReadableName, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || Characters.firstRefusedInName(value) < 0;
    }
}
