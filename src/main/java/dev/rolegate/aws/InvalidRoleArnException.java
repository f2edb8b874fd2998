package dev.rolegate.aws;

/** The text is not an IAM role ARN; the message says why. */
public class InvalidRoleArnException extends IllegalArgumentException {

    public InvalidRoleArnException(String reason) {
        super(reason);
    }
}
