package org.civicinsights.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.common.privacy.FiscalCode;
import org.civicinsights.ingestion.RecordSink;

/**
 * The demo's stand-in for the CRM's side of outreach: it notes the fiscal codes of the generated
 * records as they go to Kafka, and writes the consent and suppression exports a CRM would send for
 * them (in the import format of docs/outreach.md), so that the demo can run the outreach job on
 * real consent rows. Who consents to what is a fixed function of the code: the same data gives the
 * same files. The codes stay in this process and in the two files under the data directory.
 */
final class DemoCrm implements RecordSink {
    private static final Pattern FISCAL_CODE = Pattern.compile("\"fiscal_code\"\\s*:\\s*\"([A-Za-z0-9]{16})\"");
    /**
     * Shares of citizens who consented to each channel, in percent. The names are the wire names of
     * batch-jobs' OutreachChannel (a jar this one does not see); the consent import rejects others.
     */
    private static final List<String> CHANNELS = List.of("app_io", "email", "sms", "call");

    private static final int[] CONSENT_PCT = {60, 45, 25, 15};

    private final RecordSink next;
    private final Set<String> codes = new TreeSet<>();

    DemoCrm(RecordSink next) {
        this.next = next;
    }

    @Override
    public void send(String key, String value) {
        Matcher m = FISCAL_CODE.matcher(value);
        // only valid codes: a CRM holds citizens' real codes, not the generator's deliberately broken ones
        if (m.find() && FiscalCode.problem(m.group(1)).isEmpty()) {
            codes.add(m.group(1).toUpperCase(Locale.ROOT));
        }
        next.send(key, value);
    }

    @Override
    public void flush() {
        next.flush();
    }

    @Override
    public void close() {
        next.close();
    }

    int citizens() {
        return codes.size();
    }

    /** Writes the consent export: per code, a grant for each channel its share picks, and a few later withdrawals. */
    void writeConsent(Path file, LocalDate today) throws IOException {
        String granted = today.minusDays(300) + "T10:00:00Z";
        String withdrawn = today.minusDays(100) + "T09:30:00Z";
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("fiscal_code,channel,granted,consent_at,source\n");
            for (String code : codes) {
                int h = Math.floorMod(code.hashCode(), 100);
                for (int c = 0; c < CHANNELS.size(); c++) {
                    // a different slice of the 0..99 range per channel, so the channels are not nested
                    if (Math.floorMod(h + 37 * c, 100) < CONSENT_PCT[c]) {
                        w.write(code + "," + CHANNELS.get(c) + ",true," + granted + ",portal\n");
                        if (Math.floorMod(h * 7 + c, 50) == 0) {
                            w.write(code + "," + CHANNELS.get(c) + ",false," + withdrawn + ",contact centre\n");
                        }
                    }
                }
            }
        }
    }

    /** Writes the suppression list: about 1 citizen in 100 asked not to be contacted, 1 in 500 moved away. */
    void writeSuppression(Path file, LocalDate today) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("fiscal_code,reason,since,until,source\n");
            for (String code : codes) {
                int h = Math.floorMod(code.hashCode() / 100, 500);
                if (h < 5) {
                    w.write(code + ",do_not_contact," + today.minusDays(200) + ",,front office\n");
                } else if (h == 5) {
                    w.write(code + ",moved_away," + today.minusDays(150) + ",,ANPR\n");
                }
            }
        }
    }
}
