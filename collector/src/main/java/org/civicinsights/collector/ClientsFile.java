package org.civicinsights.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The API clients allowed to post events ({@code collector.clients-file}), one per line:
 * {@code <client-id> <sha256-hex-of-token> [rate-per-second]}; {@code #} starts a comment, blank lines are
 * ignored. Only the SHA-256 of each token is kept, so the file (and a memory dump) never holds a usable token.
 */
final class ClientsFile {
    /** Client ids end up in logs, metrics and rejection keys: plain, short, no '/' or ':'. */
    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * One client.
     *
     * @param rate events per second, 0 = no limit; empty = {@code collector.default-rate}
     */
    record Client(String id, byte[] tokenSha256, OptionalDouble rate) {
        @Override
        public String toString() {
            return id; // never the hash either: it is as good as a token for an offline guessing attack
        }
    }

    private final String source;
    private final List<Client> clients;

    private ClientsFile(String source, List<Client> clients) {
        this.source = source;
        this.clients = List.copyOf(clients);
    }

    /**
     * Reads and checks the file.
     *
     * @throws IllegalArgumentException naming the file and line of the first problem
     * @throws UncheckedIOException     if the file cannot be read
     */
    static ClientsFile load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException("clients file " + file + " (collector.clients-file) is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the clients file " + file + " (collector.clients-file): "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        }
        return parse(file.toString(), lines);
    }

    /** Parses the lines of a clients file; {@code source} names it in error messages. */
    static ClientsFile parse(String source, List<String> lines) {
        List<Client> clients = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        Map<String, String> idOfHash = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] f = content.split("\\s+");
            if (f.length < 2 || f.length > 3) {
                throw bad(
                        source,
                        lineNo,
                        "expected '<client-id> <sha256-hex-of-token> [rate-per-second]', got " + f.length
                                + " field(s)");
            }
            String id = f[0];
            if (!CLIENT_ID.matcher(id).matches()) {
                throw bad(
                        source,
                        lineNo,
                        "client id " + shown(id) + " is not valid: 1 to 64 letters, digits, '.', '_'"
                                + " or '-', starting with a letter or digit");
            }
            Integer previous = lineOfId.putIfAbsent(id, lineNo);
            if (previous != null) {
                throw bad(source, lineNo, "duplicate client id '" + id + "' (first on line " + previous + ")");
            }
            if (!SHA256_HEX.matcher(f[1]).matches()) {
                // never echo the field: it may be a token pasted by mistake
                throw bad(
                        source,
                        lineNo,
                        "the token hash of client '" + id + "' is not 64 hexadecimal digits (the"
                                + " SHA-256 of the token; create entries with --new-client)");
            }
            String hex = f[1].toLowerCase(Locale.ROOT);
            String sameToken = idOfHash.putIfAbsent(hex, id);
            if (sameToken != null) {
                throw bad(
                        source,
                        lineNo,
                        "client '" + id + "' has the same token as client '" + sameToken
                                + "'; every client needs its own token");
            }
            OptionalDouble rate = OptionalDouble.empty();
            if (f.length == 3) {
                try {
                    rate = OptionalDouble.of(parseRate(f[2]));
                } catch (IllegalArgumentException e) {
                    throw bad(source, lineNo, "rate of client '" + id + "': " + e.getMessage());
                }
            }
            clients.add(new Client(id, HexFormat.of().parseHex(hex), rate));
        }
        return new ClientsFile(source, clients);
    }

    /** A rate in events per second: decimals allowed (0.5 = one event every 2 s), 0 = no limit. */
    static double parseRate(String text) {
        double r;
        try {
            r = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number of events per second, got " + shown(text));
        }
        if (!(r >= 0) || Double.isInfinite(r)) {
            throw new IllegalArgumentException(
                    "must be a number of events per second (0 = no limit), got " + shown(text));
        }
        return r;
    }

    private static IllegalArgumentException bad(String source, int line, String message) {
        return new IllegalArgumentException(
                "clients file " + source + " (collector.clients-file), line " + line + ": " + message);
    }

    private static String shown(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    String source() {
        return source;
    }

    List<Client> clients() {
        return clients;
    }

    /**
     * The client holding this token, if any. Every client's hash is compared in constant time and the loop
     * never stops early, so the time taken does not tell how close a guess was or which entry matched.
     */
    Optional<Client> authenticate(String token) {
        byte[] presented = sha256(token);
        Client found = null;
        for (Client c : clients) {
            if (MessageDigest.isEqual(presented, c.tokenSha256()) && found == null) {
                found = c;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e); // every JRE has it
        }
    }

    static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }
}
