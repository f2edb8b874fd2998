package dev.rolegate.account;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The value is an IAM role ARN in a supported partition; the violation message says what is wrong. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = IamRoleArnValidator.class)
public @interface IamRoleArn {

    String message() default "must be an IAM role ARN such as arn:aws:iam::123456789012:role/RoleName";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
