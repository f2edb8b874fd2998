package dev.rolegate.project;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Queries on {@link Project}. */
@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, String> {
}
