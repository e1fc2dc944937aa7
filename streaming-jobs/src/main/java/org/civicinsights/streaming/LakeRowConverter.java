package org.civicinsights.streaming;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Turns a domain object into a row of a lake table, matching columns by name. The table's schema
 * (from warehouse-ddl) decides the columns: a column the job does not know stays null, so the
 * table can gain columns (schema evolution) before the job is upgraded.
 */
public final class LakeRowConverter<T> implements MapFunction<T, RowData>, Serializable {
    private static final long serialVersionUID = 1L;

    /** A serialisable getter for one column. */
    @FunctionalInterface
    public interface Column<T> extends Serializable {
        Object get(T value);
    }

    private final RowType rowType;
    private final Column<T>[] getters;

    @SuppressWarnings("unchecked")
    public LakeRowConverter(RowType rowType, Map<String, Column<T>> columns) {
        this.rowType = rowType;
        List<String> names = rowType.getFieldNames();
        this.getters = new Column[names.size()];
        for (int i = 0; i < names.size(); i++) {
            getters[i] = columns.get(names.get(i));
        }
    }

    public RowType rowType() {
        return rowType;
    }

    @Override
    public RowData map(T value) {
        GenericRowData row = new GenericRowData(getters.length);
        for (int i = 0; i < getters.length; i++) {
            if (getters[i] != null) {
                row.setField(i, toInternal(getters[i].get(value), rowType.getTypeAt(i)));
            }
        }
        return row;
    }

    /** Converts plain Java values to Flink's internal data structures for the column's type. */
    static Object toInternal(Object v, LogicalType type) {
        if (v == null) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return StringData.fromString(v.toString());
            case INTEGER:
                return ((Number) v).intValue();
            case BIGINT:
                return ((Number) v).longValue();
            case DOUBLE:
                return ((Number) v).doubleValue();
            case BOOLEAN:
                return v;
            case DECIMAL:
                DecimalType d = (DecimalType) type;
                return DecimalData.fromBigDecimal((BigDecimal) v, d.getPrecision(), d.getScale());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return TimestampData.fromInstant((Instant) v);
            case DATE:
                return (int) ((LocalDate) v).toEpochDay();
            default:
                throw new IllegalArgumentException("column type " + type + " is not supported by the ingest job");
        }
    }

    /** Starts a name-to-getter map in declaration order. */
    public static <T> Map<String, Column<T>> columns() {
        return new LinkedHashMap<>();
    }
}
