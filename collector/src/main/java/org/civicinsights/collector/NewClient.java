package org.civicinsights.collector;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code --new-client ID [--rate N]}: makes a random token for a new API client and the line for the clients
 * file. The token is printed once and kept nowhere; the file gets only its SHA-256.
 */
final class NewClient {
    /** 256 bits: beyond guessing, so a fast unsalted hash is a safe way to store it. */
    static final int TOKEN_BYTES = 32;

    /** A new client: the token to hand over and the line to append to the clients file. */
    record Entry(String id, String token, String line) {}

    private NewClient() {}

    static boolean requested(String[] args) {
        for (String a : args) {
            if (a.equals("--new-client") || a.startsWith("--new-client=")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads {@code --new-client ID [--rate N]} (also {@code --key=value}).
     *
     * @throws IllegalArgumentException for anything else, a bad id or a bad rate
     */
    static Entry fromArgs(String[] args, SecureRandom random) {
        String id = null;
        String rate = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String key;
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                key = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                key = a;
                value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : null;
            }
            switch (key) {
                case "--new-client" -> id = require(value, "--new-client needs a client id");
                case "--rate" -> rate = require(value, "--rate needs a number of events per second");
                default ->
                    throw new IllegalArgumentException(
                            "unexpected argument '" + key + "' with --new-client" + " (only --rate N may follow)");
            }
        }
        if (id == null || !ClientsFile.CLIENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("client id '" + id + "' is not valid: 1 to 64 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit");
        }
        if (rate != null) {
            ClientsFile.parseRate(rate); // refused here rather than at the collector's next start
        }
        return create(id, rate, random);
    }

    static Entry create(String id, String rate, SecureRandom random) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String line = id + " " + ClientsFile.sha256Hex(token) + (rate == null ? "" : " " + rate);
        return new Entry(id, token, line);
    }

    /** What {@code --new-client} prints; '#' lines are explanations, so {@code grep -v '^#'} leaves token and line. */
    static String render(Entry e) {
        return String.join(
                "\n",
                "# token of client '" + e.id() + "', shown only this once: give it to the client's operators over a"
                        + " secure channel; they send it as 'Authorization: Bearer <token>'",
                e.token(),
                "# append this line to the clients file (" + CollectorSettings.CLIENTS_FILE + "), then restart the"
                        + " collector",
                e.line());
    }

    private static String require(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }
}
