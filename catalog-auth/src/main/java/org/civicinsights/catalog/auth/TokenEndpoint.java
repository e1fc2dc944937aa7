package org.civicinsights.catalog.auth;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.rest.auth.OAuth2Util;
import org.apache.iceberg.rest.responses.OAuthTokenResponse;
import org.apache.iceberg.util.JsonUtil;
import org.civicinsights.common.config.CatalogTokenEndpoint;

/**
 * {@code POST /v1/oauth/tokens} ({@link CatalogTokenEndpoint#PATH}): the form request of RFC 6749
 * in, Iceberg's own token response or OAuth2 error JSON out (Iceberg's client parses both).
 */
final class TokenEndpoint extends HttpServlet {
    private final transient TokenGrants grants;

    TokenEndpoint(TokenGrants grants) {
        this.grants = grants;
    }

    /** RFC 6749 5.2's error body, which Iceberg's OAuthErrorResponseParser reads. */
    static String oauthError(String error, String description) {
        return JsonUtil.generate(
                gen -> {
                    gen.writeStartObject();
                    gen.writeStringField("error", error);
                    gen.writeStringField("error_description", description);
                    gen.writeEndObject();
                },
                false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> form.put(k, v.length == 0 ? "" : v[0]));
        TokenGrants.Outcome outcome = grants.grant(form, request.getHeader("Authorization"));
        response.setContentType("application/json");
        // RFC 6749 5.1: token responses must not be cached
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        if (outcome instanceof TokenGrants.Granted g) {
            response.setStatus(200);
            response.getWriter()
                    .write(OAuth2Util.tokenResponseToJson(OAuthTokenResponse.builder()
                            .withToken(g.token().value())
                            .withTokenType("bearer")
                            .withIssuedTokenType(TokenGrants.ACCESS_TOKEN_TYPE)
                            .setExpirationInSeconds(Math.toIntExact(g.token().expiresInSeconds()))
                            .addScope(TokenGrants.CATALOG_SCOPE)
                            .build()));
        } else if (outcome instanceof TokenGrants.Refused r) {
            response.setStatus(r.status());
            if (r.status() == 401) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + AccessTokens.AUDIENCE + "\"");
            }
            response.getWriter().write(oauthError(r.error(), r.description()));
        }
    }
}
