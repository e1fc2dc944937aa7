package org.civicinsights.common.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.civicinsights.common.io.StrictYaml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code publiccode.yml} against the rules of the publiccode.yml standard, version
 * 0.4, that a parser can check without the network: the required keys, the allowed values, the
 * lengths. The standard: https://yml.publiccode.tools/schema.core.html (core keys),
 * https://yml.publiccode.tools/categories-list.html (categories) and
 * https://yml.publiccode.tools/schema.it.html (the Italian section); Developers Italia's validator
 * is https://publiccode-editor.developers.italia.it/ (paste the file there for its own verdict).
 */
class PubliccodeYmlTest {
    private static final Path ROOT = Path.of("..");

    /** The top-level keys of the standard (0.4, with its deprecated ones); anything else is a typo. */
    static final Set<String> TOP_LEVEL = Set.of(
            "publiccodeYmlVersion",
            "name",
            "applicationSuite",
            "url",
            "landingURL",
            "isBasedOn",
            "softwareVersion",
            "releaseDate",
            "logo",
            "monochromeLogo",
            "inputTypes",
            "outputTypes",
            "platforms",
            "categories",
            "usedBy",
            "roadmap",
            "developmentStatus",
            "softwareType",
            "intendedAudience",
            "description",
            "legal",
            "maintenance",
            "localisation",
            "dependsOn",
            "it");

    static final Set<String> DEVELOPMENT_STATUS = Set.of("concept", "development", "beta", "stable", "obsolete");
    static final Set<String> SOFTWARE_TYPE = Set.of(
            "standalone/mobile",
            "standalone/iot",
            "standalone/desktop",
            "standalone/web",
            "standalone/backend",
            "standalone/other",
            "addon",
            "library",
            "configurationFiles");
    static final Set<String> MAINTENANCE_TYPE = Set.of("internal", "contract", "community", "none");
    /** The standard's controlled vocabulary of categories. */
    static final Set<String> CATEGORIES = Set.of(
            "accounting",
            "agile-project-management",
            "applicant-tracking",
            "application-development",
            "appointment-scheduling",
            "backup",
            "billing-and-invoicing",
            "blog",
            "budgeting",
            "business-intelligence",
            "business-process-management",
            "cad",
            "call-center-management",
            "cloud-management",
            "collaboration",
            "communications",
            "compliance-management",
            "contact-management",
            "content-management",
            "crm",
            "customer-service-and-support",
            "data-analytics",
            "data-collection",
            "data-visualization",
            "design",
            "design-system",
            "digital-asset-management",
            "digital-citizenship",
            "document-management",
            "donor-management",
            "e-commerce",
            "e-signature",
            "educational-content",
            "email-management",
            "email-marketing",
            "employee-management",
            "enterprise-project-management",
            "enterprise-social-networking",
            "erp",
            "event-management",
            "facility-management",
            "feedback-and-reviews-management",
            "financial-reporting",
            "fleet-management",
            "fundraising",
            "gamification",
            "geographic-information-systems",
            "grant-management",
            "graphic-design",
            "help-desk",
            "hr",
            "ide",
            "identity-management",
            "instant-messaging",
            "inventory-management",
            "it-asset-management",
            "it-development",
            "it-management",
            "it-security",
            "it-service-management",
            "knowledge-management",
            "learning-management-system",
            "marketing",
            "mind-mapping",
            "mobile-marketing",
            "mobile-payment",
            "network-management",
            "office",
            "online-booking",
            "online-community",
            "payment-gateway",
            "payroll",
            "predictive-analysis",
            "procurement",
            "productivity-suite",
            "project-collaboration",
            "project-management",
            "property-management",
            "real-estate-management",
            "remote-support",
            "resource-management",
            "sales-management",
            "seo",
            "service-desk",
            "social-media-management",
            "survey",
            "talent-management",
            "task-management",
            "taxes-management",
            "test-management",
            "time-management",
            "time-tracking",
            "translation",
            "video-conferencing",
            "video-editing",
            "visitor-management",
            "voip",
            "warehouse-management",
            "web-collaboration",
            "web-conferencing",
            "website-builder",
            "whistleblowing",
            "workflow-management");
    /** A BCP 47 tag: language, optional script, region and variants (extensions are not used here). */
    static final Pattern BCP47 = Pattern.compile(
            "(?i)([a-z]{2,3})(-[a-z]{4})?(-(?:[a-z]{2}|[0-9]{3}))?(-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*");

    static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private static Map<?, ?> doc;

    @BeforeAll
    static void read() throws IOException {
        doc = map(
                StrictYaml.load(
                        Files.readString(ROOT.resolve("publiccode.yml"), StandardCharsets.UTF_8),
                        StrictYaml.Scalars.TYPED),
                "the document");
    }

    @Test
    void hasOnlyTheStandardsKeysAndItsRequiredOnes() {
        assertThat(doc.keySet()).allSatisfy(k -> assertThat(TOP_LEVEL).contains(String.valueOf(k)));
        assertThat(doc.get("publiccodeYmlVersion")).isEqualTo("0.4");
        assertThat(text(doc, "name")).isNotBlank();
        for (String key : List.of(
                "url",
                "platforms",
                "categories",
                "developmentStatus",
                "softwareType",
                "description",
                "legal",
                "maintenance",
                "localisation")) {
            assertThat(doc.get(key)).as(key).isNotNull();
        }
    }

    @Test
    void urlIsAnAbsoluteHttpsUrl() {
        URI url = URI.create(text(doc, "url"));
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).isNotBlank();
    }

    @Test
    void enumeratedValuesAreTheStandards() {
        assertThat(text(doc, "developmentStatus")).isIn(DEVELOPMENT_STATUS);
        assertThat(text(doc, "softwareType")).isIn(SOFTWARE_TYPE);
        assertThat(texts(doc, "platforms"))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p).isNotBlank());
        assertThat(texts(doc, "categories"))
                .isNotEmpty()
                .doesNotHaveDuplicates()
                .allSatisfy(c -> assertThat(CATEGORIES).contains(c));
    }

    @Test
    void releaseIsAnIsoDateWithItsVersion() {
        Object date = doc.get("releaseDate");
        assertThat(date == null)
                .as("releaseDate and softwareVersion go together")
                .isEqualTo(doc.get("softwareVersion") == null);
        if (date != null) {
            assertThat(date).asString().matches(DATE);
            assertThat(LocalDate.parse((String) date)).isBeforeOrEqualTo(LocalDate.now());
        }
    }

    @Test
    void descriptionsHaveTheLengthsOfTheStandard() {
        Map<?, ?> description = map(doc.get("description"), "description");
        assertThat(description).isNotEmpty();
        description.forEach((lang, d) -> {
            assertThat(String.valueOf(lang)).matches(BCP47);
            Map<?, ?> m = map(d, "description." + lang);
            String shortDescription = text(m, "shortDescription");
            assertThat(shortDescription.codePointCount(0, shortDescription.length()))
                    .as(lang + " shortDescription")
                    .isBetween(1, 150);
            assertThat(shortDescription).doesNotContain("\n");
            String longDescription = text(m, "longDescription");
            assertThat(longDescription.codePointCount(0, longDescription.length()))
                    .as(lang + " longDescription")
                    .isBetween(150, 10_000);
            assertThat(texts(m, "features"))
                    .as(lang + " features")
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(f).isNotBlank());
            if (m.get("genericName") != null) {
                assertThat(text(m, "genericName")).hasSizeLessThanOrEqualTo(35);
            }
        });
    }

    @Test
    void licenseIsTheSpdxIdOfTheLicenseFile() throws IOException {
        String license = Files.readString(ROOT.resolve("LICENSE"), StandardCharsets.UTF_8);
        String spdx = license.contains("Apache License") && license.contains("Version 2.0, January 2004")
                ? "Apache-2.0"
                : "unknown: LICENSE is not the Apache License 2.0";
        assertThat(text(map(doc.get("legal"), "legal"), "license")).isEqualTo(spdx);
    }

    @Test
    void maintenanceNamesItsContactsOrContractors() {
        Map<?, ?> maintenance = map(doc.get("maintenance"), "maintenance");
        String type = text(maintenance, "type");
        assertThat(type).isIn(MAINTENANCE_TYPE);
        if (type.equals("internal") || type.equals("community")) {
            assertThat(list(maintenance, "contacts"))
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(text(map(c, "contact"), "name")).isNotBlank());
        }
        if (type.equals("contract")) {
            assertThat(list(maintenance, "contractors")).isNotEmpty().allSatisfy(c -> {
                assertThat(text(map(c, "contractor"), "name")).isNotBlank();
                assertThat(text(map(c, "contractor"), "until")).matches(DATE);
            });
        } else {
            assertThat(maintenance.get("contractors"))
                    .as("contractors are for maintenance type contract")
                    .isNull();
        }
    }

    @Test
    void localisationListsIetfLanguageTags() {
        Map<?, ?> localisation = map(doc.get("localisation"), "localisation");
        assertThat(localisation.get("localisationReady")).isInstanceOf(Boolean.class);
        Set<String> iso639 = Set.of(Locale.getISOLanguages());
        assertThat(texts(localisation, "availableLanguages")).isNotEmpty().allSatisfy(tag -> {
            assertThat(tag).matches(BCP47);
            assertThat(iso639).contains(tag.split("-")[0].toLowerCase(Locale.ROOT));
        });
    }

    @Test
    void dependsOnNamesTheEnginesOfTheStack() {
        Map<?, ?> dependsOn = map(doc.get("dependsOn"), "dependsOn");
        List<String> open = list(dependsOn, "open").stream()
                .map(d -> text(map(d, "dependency"), "name"))
                .toList();
        assertThat(open)
                .contains("Apache Kafka", "Apache Flink", "Apache Iceberg", "Apache Spark", "Trino", "Apache Superset");
    }

    @Test
    void theItalianSectionIsVersionOneWithTheCityIpaCode() {
        Map<?, ?> it = map(doc.get("it"), "it");
        assertThat(it.get("countryExtensionVersion")).isEqualTo("1.0");
        assertThat(text(map(it.get("riuso"), "it.riuso"), "codiceIPA")).matches("[a-z0-9_]{2,}");
        Map<?, ?> piattaforme = map(it.get("piattaforme"), "it.piattaforme");
        assertThat(piattaforme.keySet())
                .allSatisfy(k -> assertThat(List.of("spid", "cie", "anpr", "pagopa", "io"))
                        .contains(String.valueOf(k)));
        assertThat(piattaforme.values()).allSatisfy(v -> assertThat(v).isInstanceOf(Boolean.class));
    }

    private static Map<?, ?> map(Object o, String what) {
        assertThat(o).as(what + " must be keys and values").isInstanceOf(Map.class);
        return (Map<?, ?>) o;
    }

    private static List<?> list(Map<?, ?> m, String key) {
        assertThat(m.get(key)).as(key + " must be a list").isInstanceOf(List.class);
        return (List<?>) m.get(key);
    }

    private static String text(Map<?, ?> m, String key) {
        assertThat(m.get(key)).as(key + " must be text").isInstanceOf(String.class);
        return (String) m.get(key);
    }

    private static List<String> texts(Map<?, ?> m, String key) {
        return list(m, key).stream()
                .map(o -> {
                    assertThat(o).as(key + " must be a list of text").isInstanceOf(String.class);
                    return (String) o;
                })
                .toList();
    }
}
