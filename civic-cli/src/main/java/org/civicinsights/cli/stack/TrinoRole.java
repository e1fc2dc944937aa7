package org.civicinsights.cli.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may read what in the lake: each role is a Trino group of the file-based access control rules
 * ({@code security/trino-rules.json}). The local stack has one user per role, named like it; a city
 * maps its own users to these groups. Every civic command connects with the least role that works.
 */
public enum TrinoRole {
    /** The reporting views of aggregates and pseudonymised events; raw events, but not the rejected payload. */
    ANALYST("analyst"),
    /** Only the views the Superset dashboards read (Superset's connection). */
    MANAGER("manager"),
    /** The citizen story, profiles, segments and the outreach views. */
    CRM_OPERATOR("crm_operator"),
    /** Everything: maintenance, replay of rejected records, the demo's accounting. */
    ENGINEER("engineer"),
    /** The migrations: creates schemas, tables and the views it owns (definer rights). */
    DDL("ddl");

    private final String group;

    TrinoRole(String group) {
        this.group = group;
    }

    /** The Trino group, also the user of the local stack and the middle of its settings (trino.GROUP.user). */
    public String group() {
        return group;
    }

    /** The name of its generated password under the stack's secrets ({@code trino-GROUP.password}). */
    public String secretName() {
        return "trino-" + group;
    }

    public static Optional<TrinoRole> ofGroup(String group) {
        String g = group.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.group.equals(g)).findFirst();
    }
}
