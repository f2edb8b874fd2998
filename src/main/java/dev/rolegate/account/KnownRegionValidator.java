package dev.rolegate.account;

import dev.rolegate.aws.AwsRegions;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Validates {@link KnownRegion} against the AWS SDK's region metadata. */
public class KnownRegionValidator implements ConstraintValidator<KnownRegion, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || AwsRegions.isKnown(value);
    }
}
