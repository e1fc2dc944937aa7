package org.civicinsights.ingestion.synthetic;

/**
 * Someone who interacts with the city: an authenticated resident (fiscal code) or an
 * unauthenticated city user or tourist (anonymous id).
 *
 * @param fiscalCode        clear fiscal code, null for city users
 * @param anonymousId       {@code anon-<uuid>}, null for residents
 * @param homeMunicipio     1..15, or 0 when unknown (tourists, commuters)
 * @param language          ISO 639 code of the preferred language
 * @param digitalPropensity 0..1, how likely the person is to use self-service channels
 */
public record Actor(
        String fiscalCode, String anonymousId, int homeMunicipio, String language, double digitalPropensity) {

    public boolean authenticated() {
        return fiscalCode != null;
    }

    /** Home municipio as the contract's nullable integer. */
    public Integer municipioOrNull() {
        return homeMunicipio == 0 ? null : homeMunicipio;
    }
}
