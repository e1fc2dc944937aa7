package org.civicinsights.batch.outreach;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.batch.activation.OutreachChannel;

/**
 * The contact policy on the executors: turns one citizen's row (the campaigns whose audience they
 * are in and what the policy needs to know, see {@link #INPUT}) into one decision row per campaign
 * ({@link #DECISION}). All the deciding is {@link ContactPolicy}'s; this only converts rows.
 */
final class OutreachDecider implements FlatMapFunction<Row, Row>, Serializable {
    /** The citizen rows the job builds (column order matters). */
    static final String INPUT =
            "citizen_key, campaigns, consent, suppression, contact_dates, last_sent, current, member_since, over_capacity";

    static final StructType DECISION = new StructType()
            .add("campaign", DataTypes.StringType)
            .add("citizen_key", DataTypes.StringType)
            .add("channel", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("kept", DataTypes.BooleanType)
            .add("member_since", DataTypes.DateType);

    private final ContactPolicy policy;
    private final LocalDate runDate;
    private final Map<String, ContactPolicy.Candidate> candidates;

    OutreachDecider(ContactPolicy policy, LocalDate runDate, Map<String, ContactPolicy.Candidate> candidates) {
        this.policy = policy;
        this.runDate = runDate;
        this.candidates = new HashMap<>(candidates);
    }

    @Override
    public Iterator<Row> call(Row r) {
        String citizenKey = r.getString(0);
        List<ContactPolicy.Candidate> theirs = new ArrayList<>();
        for (String campaign : r.<String>getList(1)) {
            theirs.add(candidates.get(campaign));
        }
        Map<OutreachChannel, Boolean> consent = new HashMap<>();
        map(r, 2).forEach((channel, granted) -> {
            OutreachChannel c = OutreachChannel.fromWire((String) channel);
            if (c != null) {
                consent.put(c, (Boolean) granted);
            }
        });
        Suppression suppression = r.isNullAt(3) ? null : Suppression.fromWire(r.getString(3));
        List<LocalDate> contactDates = r.isNullAt(4) ? List.of() : r.<LocalDate>getList(4);
        Map<String, LocalDate> lastSent = new HashMap<>();
        map(r, 5).forEach((k, v) -> lastSent.put((String) k, (LocalDate) v));
        Map<String, OutreachChannel> current = new HashMap<>();
        map(r, 6).forEach((k, v) -> current.put((String) k, OutreachChannel.fromWire((String) v)));
        Map<Object, Object> since = map(r, 7);
        Set<String> overCapacity = r.isNullAt(8) ? Set.of() : new HashSet<>(r.<String>getList(8));
        ContactPolicy.Citizen citizen =
                new ContactPolicy.Citizen(consent, suppression, contactDates, lastSent, current, overCapacity);
        List<Row> out = new ArrayList<>();
        for (ContactPolicy.Decision d : policy.decide(runDate, theirs, citizen)) {
            LocalDate memberSince = !d.included()
                    ? null
                    : d.kept() && since.get(d.campaign()) != null ? (LocalDate) since.get(d.campaign()) : runDate;
            out.add(RowFactory.create(
                    d.campaign(),
                    citizenKey,
                    d.included() ? d.channel().wire() : null,
                    d.included() ? null : d.reason().wire(),
                    d.kept(),
                    memberSince));
        }
        return out.iterator();
    }

    private static Map<Object, Object> map(Row r, int i) {
        return r.isNullAt(i) ? Map.of() : r.getJavaMap(i);
    }
}
