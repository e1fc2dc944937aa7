package org.civicinsights.catalog.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The catalog's OAuth2 clients: one line per client, {@code <client id>=<hash of its secret>}
 * (see {@link ClientSecretHash}), lines starting with {@code #} ignored. Parsed and written here,
 * read by the catalog, written by the stack from its secrets.
 */
public final class ClientsFile {
    /** What a client id may hold: no ':' (it separates id and secret in a credential), no spaces. */
    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ClientsFile() {}

    /** Client id to stored hash; a malformed line is an error that names its line number, never its content. */
    public static Map<String, String> parse(String text) {
        Map<String, String> clients = new TreeMap<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String id = eq < 0 ? "" : line.substring(0, eq).strip();
            String hash = eq < 0 ? "" : line.substring(eq + 1).strip();
            if (!CLIENT_ID.matcher(id).matches()
                    || !hash.startsWith(ClientSecretHash.SCHEME + "$")
                    || clients.put(id, hash) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the clients file is not <client id>="
                        + ClientSecretHash.SCHEME + "$... (or names a client twice)");
            }
        }
        return clients;
    }

    public static String render(Map<String, String> clients) {
        StringBuilder b = new StringBuilder(
                "# OAuth2 clients of the Iceberg REST catalog: <client id>=<PBKDF2 hash of its secret>\n");
        new TreeMap<>(clients)
                .forEach((id, hash) -> b.append(id).append('=').append(hash).append('\n'));
        return b.toString();
    }

    /**
     * The clients with these secrets: a client whose stored hash still matches its secret keeps it
     * (so its tokens stay valid across restarts), a new or rotated one gets a new hash; clients
     * added by hand (not in {@code secrets}) are kept.
     */
    public static Map<String, String> update(Map<String, String> stored, Map<String, String> secrets) {
        Map<String, String> clients = new LinkedHashMap<>(stored);
        secrets.forEach((id, secret) -> {
            if (!CLIENT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not a client id: " + id);
            }
            String hash = stored.get(id);
            if (hash == null || !ClientSecretHash.matches(secret, hash)) {
                clients.put(id, ClientSecretHash.hash(secret));
            }
        });
        return clients;
    }
}
