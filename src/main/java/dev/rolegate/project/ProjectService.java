package dev.rolegate.project;

import dev.rolegate.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;

/** Registers the portal's projects and answers whether one exists. */
@ApplicationScoped
public class ProjectService {

    private final ProjectRepository projects;
    private final Clock clock;

    public ProjectService(ProjectRepository projects, Clock clock) {
        this.projects = projects;
        this.clock = clock;
    }

    /** Creates the project, or renames it if it exists. Returns whether it was created. */
    @Transactional
    public Upserted upsert(String projectId, ProjectRequest request) {
        Project existing = projects.findById(projectId);
        if (existing != null) {
            existing.rename(request.displayName(), clock.instant());
            return new Upserted(ProjectView.of(existing), false);
        }
        Project created = new Project(projectId, request.displayName(), clock.instant());
        projects.persist(created);
        return new Upserted(ProjectView.of(created), true);
    }

    @Transactional
    public ProjectView get(String projectId) {
        return ProjectView.of(require(projectId));
    }

    /** The project, or a 404 problem naming it. Callers must be in a transaction. */
    public Project require(String projectId) {
        Project project = projects.findById(projectId);
        if (project == null) {
            throw ProblemException.notFound("Project '" + projectId + "' is not registered; create it with PUT /v1/projects/" + projectId);
        }
        return project;
    }

    /** Result of {@link #upsert}. */
    public record Upserted(ProjectView project, boolean created) {
    }
}
