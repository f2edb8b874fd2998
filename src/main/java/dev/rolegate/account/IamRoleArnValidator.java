package dev.rolegate.account;

import dev.rolegate.aws.InvalidRoleArnException;
import dev.rolegate.aws.RoleArn;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Validates {@link IamRoleArn} by parsing, so the message names the first broken part. */
public class IamRoleArnValidator implements ConstraintValidator<IamRoleArn, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        try {
            RoleArn.parse(value);
            return true;
        } catch (InvalidRoleArnException e) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(escapeTemplate(e.getMessage())).addConstraintViolation();
            return false;
        }
    }

    /** The reason may quote caller input; escaped so the validator never interpolates it as an expression. */
    private static String escapeTemplate(String message) {
        return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
