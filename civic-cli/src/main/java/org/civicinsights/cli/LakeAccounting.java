package org.civicinsights.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What the lake holds from one topic: every record read is in exactly one of the three raw tables. */
public record LakeAccounting(long interactions, long rejected, long duplicates) {

    public long total() {
        return interactions + rejected + duplicates;
    }

    public static LakeAccounting of(Connection c, String topic) throws SQLException {
        return new LakeAccounting(
                count(c, "SELECT count(*) FROM lake.raw.interactions WHERE source_topic = ?", topic),
                count(c, "SELECT count(*) FROM lake.raw.rejected_events WHERE source_topic = ?", topic),
                count(c, "SELECT count(*) FROM lake.raw.duplicate_events WHERE source_topic = ?", topic));
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
