package dev.tether.project;

import jakarta.enterprise.context.RequestScoped;

import dev.tether.common.ApiException;

/** The project whose API key authenticated the current {@code /v1} request. */
@RequestScoped
public class Caller {

    private String projectId;

    void authenticatedAs(String projectId) {
        this.projectId = projectId;
    }

    public String projectId() {
        if (projectId == null) {
            throw ApiException.unauthorized("Authorization token not found.");
        }
        return projectId;
    }
}
