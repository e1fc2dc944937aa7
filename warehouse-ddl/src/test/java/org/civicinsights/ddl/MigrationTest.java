package org.civicinsights.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTest {

    @Test
    void splitsStatementsAndDropsComments() {
        Migration m = Migration.of("V007__two_things.sql", """
                -- a comment line
                CREATE SCHEMA IF NOT EXISTS lake.x; -- trailing comment
                CREATE TABLE lake.x.t (
                    a varchar -- the 'a' column
                ) WITH (format = 'PARQUET');
                INSERT INTO lake.x.t VALUES ('it''s -- not a comment');
                """);
        assertThat(m.version()).isEqualTo(7);
        assertThat(m.description()).isEqualTo("two things");
        assertThat(m.statements())
                .containsExactly(
                        "CREATE SCHEMA IF NOT EXISTS lake.x",
                        "CREATE TABLE lake.x.t (\n    a varchar\n) WITH (format = 'PARQUET')",
                        "INSERT INTO lake.x.t VALUES ('it''s -- not a comment')");
    }

    @Test
    void checksumChangesWithTheText() {
        assertThat(Migration.of("V001__a.sql", "SELECT 1;").checksum())
                .isEqualTo(Migration.of("V001__b.sql", "SELECT 1;").checksum())
                .isNotEqualTo(Migration.of("V001__a.sql", "SELECT 2;").checksum());
    }

    @Test
    void rejectsBadFileNames() {
        assertThatThrownBy(() -> Migration.of("001_create.sql", "SELECT 1;"))
                .hasMessageContaining("V001__what_it_does.sql");
    }

    @Test
    void bundledMigrationsAreOrderedAndCreateTheRawTables() {
        List<Migration> all = Migrations.bundled();
        assertThat(all).extracting(Migration::version).startsWith(1, 2, 3, 4, 5).isSorted();
        assertThat(all)
                .flatExtracting(Migration::statements)
                .anyMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS lake.raw.interactions"))
                .anyMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS lake.raw.rejected_events"))
                .anyMatch(s -> s.startsWith("CREATE TABLE IF NOT EXISTS lake.ref.services"));
    }

    @Test
    void literalsEscapeQuotes() {
        assertThat(WarehouseMigrator.literal("Sant'Angelo")).isEqualTo("'Sant''Angelo'");
    }
}
