package dev.rolegate.account;

/** The shape of an account name: short, printable, and safe in stack names after slugging. */
final class AccountNames {

    static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$";
    static final String MESSAGE = "must be 1-64 characters: letters, digits, space, '.', '_' or '-', starting with a letter or digit";

    private AccountNames() {
    }
}
