package org.civicinsights.ddl;

import java.util.ArrayList;
import java.util.List;
import org.civicinsights.common.io.BundledResources;

/** The migrations shipped in this jar, in order ({@code migrations/index.txt} lists them). */
public final class Migrations {
    static final String RESOURCE_DIR = "migrations";

    private Migrations() {}

    public static List<Migration> bundled() {
        List<Migration> out = new ArrayList<>();
        for (String name : BundledResources.names(RESOURCE_DIR)) {
            out.add(Migration.of(name, BundledResources.listed(RESOURCE_DIR, name)));
        }
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).version() <= out.get(i - 1).version()) {
                throw new IllegalStateException("migrations must have increasing versions: "
                        + out.get(i - 1).version() + " then " + out.get(i).version());
            }
        }
        return out;
    }
}
