package org.civicinsights.catalog.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.civicinsights.common.config.CatalogTokenEndpoint;

/**
 * In front of every catalog request but the token endpoint's: no valid bearer token, no catalog.
 * A refusal is HTTP 401 with the REST specification's error model (type NotAuthorizedException),
 * which Iceberg's client turns into its NotAuthorizedException.
 */
final class BearerTokenFilter extends HttpFilter {
    private final transient BearerCheck check;
    private final String tokenEndpointServlet;

    /** @param tokenEndpointServlet the servlet name of the token endpoint, which anyone may call */
    BearerTokenFilter(BearerCheck check, String tokenEndpointServlet) {
        this.check = check;
        this.tokenEndpointServlet = tokenEndpointServlet;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // decided by the servlet the path was mapped to, not by comparing path strings
        if (tokenEndpointServlet.equals(request.getHttpServletMapping().getServletName())
                || check.client(request.getHeader("Authorization")).isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(401);
        response.setContentType("application/json");
        response.setHeader(
                "WWW-Authenticate", "Bearer realm=\"" + AccessTokens.AUDIENCE + "\", error=\"invalid_token\"");
        response.getWriter()
                .write(ErrorResponseParser.toJson(ErrorResponse.builder()
                        .responseCode(401)
                        .withType("NotAuthorizedException")
                        .withMessage("a valid bearer token is required: get one at " + CatalogTokenEndpoint.PATH
                                + " with the client credentials grant")
                        .build()));
    }
}
