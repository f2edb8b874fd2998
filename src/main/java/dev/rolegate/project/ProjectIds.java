package dev.rolegate.project;

/** The shape of a project id; it ends up in RoleSessionNames and stack names, so it stays small and plain. */
public final class ProjectIds {

    public static final String PATTERN = "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$";
    public static final String MESSAGE = "must be 1-40 lowercase letters, digits or '-', starting and ending with a letter or digit";

    private ProjectIds() {
    }
}
