package org.civicinsights.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.civicinsights.common.io.PrivateFiles;
import org.civicinsights.common.privacy.CitizenPseudonymiser;

/**
 * What `civic privacy erase` is asked: the citizen keys of the persons to erase, from fiscal codes
 * read on standard input (pseudonymised here, as `civic story` does), keys given one by one or a
 * file of keys. Pure checks and the private key file the job reads; no message repeats a fiscal
 * code or a key.
 */
final class ErasureRequest {
    static final Pattern CITIZEN_KEY = Pattern.compile("[0-9a-fA-F]{64}");

    private ErasureRequest() {}

    /**
     * {@code --fiscal-code} takes only {@code -}: a code typed on a command line stays in the shell's
     * history and in the list of processes any user of the machine can read.
     */
    static void checkFiscalCodeOption(String value) {
        if (value != null && !value.strip().equals("-")) {
            throw new IllegalArgumentException("--fiscal-code takes only '-' and reads the codes from standard input,"
                    + " one per line: a fiscal code on the command line stays in the shell history and the process"
                    + " list (the value given is not repeated here)");
        }
    }

    /**
     * The citizen keys of the fiscal codes in {@code lines}, one code per line (blank lines skipped).
     * The first invalid code stops everything: a batch is erased whole or not at all.
     */
    static List<String> keysOfFiscalCodes(BufferedReader lines, Supplier<CitizenPseudonymiser> pseudonymiser)
            throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        int n = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            n++;
            if (!line.isBlank()) {
                keys.add(TypedFiscalCode.citizenKey(line, "line " + n + " of standard input", pseudonymiser));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("--fiscal-code -: standard input holds no fiscal code");
        }
        return List.copyOf(keys);
    }

    /** A citizen key (64 hex characters), lower-cased as the lake holds it. */
    static String citizenKey(String text, String what) {
        String s = text == null ? "" : text.strip();
        if (!CITIZEN_KEY.matcher(s).matches()) {
            throw new IllegalArgumentException(what + " is not a citizen key (64 hexadecimal characters)"
                    + (TypedFiscalCode.compact(s).length() == 16
                            ? "; a fiscal code goes on standard input with --fiscal-code -"
                            : ""));
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The keys of a file, one per line (blank lines and lines starting with '#' skipped). */
    static List<String> keysOfFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--citizen-keys-file " + file + " is not a readable file");
        }
        Set<String> keys = new LinkedHashSet<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                keys.add(citizenKey(line, "line " + (i + 1) + " of " + file.getFileName()));
            }
        }
        return List.copyOf(keys);
    }

    /** Every key once, in the order given. */
    static List<String> union(Collection<List<String>> sources) {
        Set<String> all = new LinkedHashSet<>();
        sources.forEach(all::addAll);
        if (all.isEmpty()) {
            throw new IllegalArgumentException(
                    "say whom to erase: --fiscal-code - (codes on standard input), --citizen-key or --citizen-keys-file");
        }
        return List.copyOf(all);
    }

    /** The job's keys file: UTF-8, one key per line. */
    static String keysFileText(Collection<String> keys) {
        return String.join("\n", keys) + "\n";
    }

    /** A new 0600 file in {@code dir} holding the keys (the caller deletes it when the job ends). */
    static Path writeKeysFile(Path dir, Collection<String> keys) throws IOException {
        Path file = PrivateFiles.createTemp(dir, "erase-", ".keys");
        Files.writeString(file, keysFileText(keys), StandardCharsets.UTF_8);
        return file;
    }

    /** An ISO-8601 duration of zero or more (PT0S, PT10M, P7D), or null when not given. */
    static Duration duration(String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // the same message as for a negative one
        }
        throw new IllegalArgumentException(option + " must be an ISO-8601 duration of zero or more, such as PT0S,"
                + " PT10M or P7D, not " + text.strip());
    }

    /**
     * The ticket and the reason are recorded in meta.erasures for good: they must not identify the
     * person, so text holding something shaped like a fiscal code is refused (and not repeated).
     */
    static String recordedText(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " must not be empty: meta.erasures records it");
        }
        if (CitizenPseudonymiser.containsFiscalCodeShape(value)
                || CITIZEN_KEY.matcher(value).find()) {
            throw new IllegalArgumentException(
                    option + " holds a fiscal code or a citizen key; meta.erasures records it"
                            + " for good and must not identify the person (the value is not repeated here)");
        }
        return value.strip();
    }
}
