package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrinoConnectionsTest {
    @Test
    void addsTheCatalogOnlyWhenTheUrlNamesNone() {
        assertThat(TrinoConnections.withCatalog("jdbc:trino://127.0.0.1:8080", "lake"))
                .isEqualTo("jdbc:trino://127.0.0.1:8080/lake");
        assertThat(TrinoConnections.withCatalog("jdbc:trino://h:443?SSL=true", "lake"))
                .isEqualTo("jdbc:trino://h:443/lake?SSL=true");
        assertThat(TrinoConnections.withCatalog("jdbc:trino://h:8080/other/s", "lake"))
                .isEqualTo("jdbc:trino://h:8080/other/s");
    }
}
