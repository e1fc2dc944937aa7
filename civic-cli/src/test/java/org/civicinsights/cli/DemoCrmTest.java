package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.civicinsights.ingestion.RecordSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCrmTest {
    static final LocalDate TODAY = LocalDate.parse("2026-11-26");

    /** A sink that keeps what it gets. */
    static final class Kept implements RecordSink {
        final List<String> values = new ArrayList<>();

        public void send(String key, String value) {
            values.add(value);
        }

        public void flush() {}

        public void close() {}
    }

    @Test
    void passesEveryRecordOnAndWritesOneConsentBlockPerCitizenSeen(@TempDir Path dir) throws Exception {
        Kept kept = new Kept();
        DemoCrm crm = new DemoCrm(kept);
        List<String> codes = List.of("RSSMRA85T10A562S", "BNCLRA90A41F205I", "VRDGPP80C03F205I");
        for (int i = 0; i < 300; i++) {
            String code = codes.get(i % 3);
            crm.send(
                    "e" + i,
                    "{\"event_id\":\"e" + i + "\",\"citizen\":{\"fiscal_code\":\""
                            + (i % 2 == 0 ? code : code.toLowerCase()) + "\"}}");
        }
        crm.send("bad", "{not json");
        // the generator's deliberately broken codes are not a CRM's citizens
        crm.send("broken", "{\"fiscal_code\":\"RSSMRA85T10A562X\"}");
        assertThat(kept.values).hasSize(302);
        assertThat(crm.citizens()).isEqualTo(3);

        crm.writeConsent(dir.resolve("consent.csv"), TODAY);
        List<String> consent = Files.readAllLines(dir.resolve("consent.csv"));
        assertThat(consent.get(0)).isEqualTo("fiscal_code,channel,granted,consent_at,source");
        assertThat(consent).hasSizeGreaterThan(1);
        for (String line : consent.subList(1, consent.size())) {
            String[] f = line.split(",");
            assertThat(codes).contains(f[0]);
            assertThat(f[1]).isIn("app_io", "email", "sms", "call");
            assertThat(f[2]).isIn("true", "false");
            assertThat(f[3]).isIn("2026-01-30T10:00:00Z", "2026-08-18T09:30:00Z");
        }
        crm.writeSuppression(dir.resolve("suppression.csv"), TODAY);
        assertThat(Files.readAllLines(dir.resolve("suppression.csv")).get(0))
                .isEqualTo("fiscal_code,reason,since,until,source");

        // the same codes give the same files
        DemoCrm again = new DemoCrm(new Kept());
        codes.forEach(c -> again.send("k", "{\"fiscal_code\": \"" + c + "\"}"));
        again.writeConsent(dir.resolve("again.csv"), TODAY);
        assertThat(Files.readAllLines(dir.resolve("again.csv"))).isEqualTo(consent);
    }
}
