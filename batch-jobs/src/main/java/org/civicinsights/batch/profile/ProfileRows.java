package org.civicinsights.batch.profile;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/** core.citizen_profile, column for column (documented in docs/data-dictionary.md). */
public final class ProfileRows {
    private static final MapType CHANNEL_COUNTS =
            DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, true);

    public static final StructType PROFILE = new StructType()
            .add("as_of_date", DataTypes.DateType)
            .add("citizen_key", DataTypes.StringType)
            .add("key_kind", DataTypes.StringType)
            .add("residency", DataTypes.StringType)
            .add("first_contact_at", DataTypes.TimestampType)
            .add("last_contact_at", DataTypes.TimestampType)
            .add("last_event_at", DataTypes.TimestampType)
            .add("days_since_last_contact", DataTypes.IntegerType)
            .add("contacts_30d", DataTypes.LongType)
            .add("contacts_90d", DataTypes.LongType)
            .add("contacts_365d", DataTypes.LongType)
            .add("channels_30d", CHANNEL_COUNTS)
            .add("channels_90d", CHANNEL_COUNTS)
            .add("channels_365d", CHANNEL_COUNTS)
            .add("preferred_channel", DataTypes.StringType)
            .add("self_service_contacts_365d", DataTypes.LongType)
            .add("assisted_contacts_365d", DataTypes.LongType)
            .add("digital_share_pct", DataTypes.DoubleType)
            .add("online_completed_365d", DataTypes.LongType)
            .add("online_abandoned_365d", DataTypes.LongType)
            .add("payments_365d", DataTypes.LongType)
            .add("notifications_opened_365d", DataTypes.LongType)
            .add("cases_opened_365d", DataTypes.LongType)
            .add("open_cases", DataTypes.IntegerType)
            .add("overdue_cases", DataTypes.IntegerType)
            .add("at_risk_cases", DataTypes.IntegerType)
            .add("breached_cases_365d", DataTypes.IntegerType)
            .add("csat_responses_365d", DataTypes.LongType)
            .add("avg_csat_365d", DataTypes.DoubleType)
            .add("negative_feedback_30d", DataTypes.LongType)
            .add("last_nps", DataTypes.IntegerType)
            .add("last_nps_at", DataTypes.TimestampType)
            .add("languages", new ArrayType(DataTypes.StringType, true))
            .add("main_language", DataTypes.StringType)
            .add("main_municipio", DataTypes.IntegerType)
            .add("services_used", new ArrayType(DataTypes.StringType, true))
            .add("services_used_365d", DataTypes.IntegerType);

    private ProfileRows() {}
}
