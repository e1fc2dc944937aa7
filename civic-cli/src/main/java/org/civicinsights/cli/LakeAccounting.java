package org.civicinsights.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the lake holds from one topic: every record read is in exactly one of the three raw tables,
 * or was removed from one of them by retention (counted per topic and partition in
 * meta.retention_expired) or by an erasure (meta.erasures.deleted_by_source): records read =
 * interactions + rejected + duplicates + expired + erased.
 */
public record LakeAccounting(long interactions, long rejected, long duplicates, long expired, long erased) {

    /** A lake where neither retention nor an erasure removed any of the topic's rows. */
    public LakeAccounting(long interactions, long rejected, long duplicates) {
        this(interactions, rejected, duplicates, 0, 0);
    }

    public long total() {
        return interactions + rejected + duplicates + expired + erased;
    }

    public static LakeAccounting of(Connection c, String topic) throws SQLException {
        return new LakeAccounting(
                count(c, "SELECT count(*) FROM lake.raw.interactions WHERE source_topic = ?", topic),
                count(c, "SELECT count(*) FROM lake.raw.rejected_events WHERE source_topic = ?", topic),
                count(c, "SELECT count(*) FROM lake.raw.duplicate_events WHERE source_topic = ?", topic),
                expired(c, topic),
                erased(c, topic));
    }

    /** Rows of the topic that erasures deleted from the raw tables; 0 before any erasure. */
    private static long erased(Connection c, String topic) throws SQLException {
        if (!metaTableExists(c, "erasures")) {
            return 0;
        }
        return count(
                c,
                "SELECT coalesce(sum(d.row_count), 0) FROM lake.meta.erasures"
                        + " CROSS JOIN UNNEST(deleted_by_source) AS d(source_topic, source_partition, row_count)"
                        + " WHERE d.source_topic = ?"
                        + " AND table_name IN ('raw.interactions', 'raw.rejected_events', 'raw.duplicate_events')",
                topic);
    }

    private static boolean metaTableExists(Connection c, String table) throws SQLException {
        return count(
                        c,
                        "SELECT count(*) FROM lake.information_schema.tables WHERE table_schema = 'meta'"
                                + " AND table_name = ?",
                        table)
                > 0;
    }

    /** Rows of the topic that retention removed from the raw tables; 0 before retention ever ran. */
    private static long expired(Connection c, String topic) throws SQLException {
        if (!metaTableExists(c, "retention_expired")) {
            return 0;
        }
        return count(
                c,
                "SELECT coalesce(sum(row_count), 0) FROM lake.meta.retention_expired WHERE source_topic = ?"
                        + " AND table_name IN ('raw.interactions', 'raw.rejected_events', 'raw.duplicate_events')",
                topic);
    }

    private static long count(Connection c, String sql, String topic) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, topic);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
