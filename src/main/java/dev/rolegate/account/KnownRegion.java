package dev.rolegate.account;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The value is an AWS region the SDK knows, such as eu-west-1 (global pseudo-regions excluded). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownRegionValidator.class)
public @interface KnownRegion {

    String message() default "is not a known AWS region (expected e.g. us-east-1 or eu-west-1)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
