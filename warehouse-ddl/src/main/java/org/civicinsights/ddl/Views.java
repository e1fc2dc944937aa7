package org.civicinsights.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.common.io.BundledResources;

/**
 * The analyst views shipped in this jar ({@code views/index.txt} lists them). Unlike migrations
 * they are repeatable: each is a CREATE OR REPLACE VIEW, applied again on every migrate, so a
 * view's text can change freely. A view over a table that does not exist yet (a batch job's
 * table before its first run) is skipped and applied by a later run.
 */
public final class Views {
    static final String RESOURCE_DIR = "views";
    private static final Pattern NAME =
            Pattern.compile("CREATE OR REPLACE VIEW\\s+([\\w.]+)", Pattern.CASE_INSENSITIVE);

    /** One view: its qualified name and its statement (comments removed). */
    public record View(String name, String statement) {}

    private Views() {}

    public static List<View> bundled() {
        List<View> out = new ArrayList<>();
        for (String file : BundledResources.names(RESOURCE_DIR)) {
            String text = BundledResources.listed(RESOURCE_DIR, file);
            String sql = String.join(
                            "\n",
                            text.lines()
                                    .map(Migration::stripComment)
                                    .filter(l -> !l.isBlank())
                                    .toList())
                    .strip();
            if (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1);
            }
            Matcher m = NAME.matcher(sql);
            if (!m.find()) {
                throw new IllegalStateException("view file " + file + " holds no CREATE OR REPLACE VIEW");
            }
            out.add(new View(m.group(1), sql));
        }
        return out;
    }
}
