package dev.llmos.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

/**
 * The problem+json answer of a servlet filter that refuses a request before any controller runs (the
 * controllers' errors go through {@link ProblemHandler}). On {@code /v1/*}, {@link CompatErrorShape}
 * turns it into the protocol's own error object.
 */
final class FilterProblems {

    private static final JsonMapper JSON = JsonMapper.shared();

    private FilterProblems() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String type, String title,
                      String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://llmos.dev/problems/" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
