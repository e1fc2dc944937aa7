package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.FiscalCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyCommandTest {
    /** Synthetic codes: BNC LRA born 1 January 1990 in Rome; VRD GPP born 10 October 1813 in Busseto. */
    static final String CODE = FiscalCode.withCheckCharacter("BNCLRA90A41H501");

    static final String OTHER = FiscalCode.withCheckCharacter("VRDGPP13R10B296");
    static final String INVALID = CODE.substring(0, 15) + (CODE.charAt(15) == 'A' ? 'B' : 'A');
    static final CitizenPseudonymiser PSEUDONYMISER = new CitizenPseudonymiser(new byte[32]);
    static final Supplier<CitizenPseudonymiser> KEY = () -> PSEUDONYMISER;
    static final String KEY_A = "a".repeat(64);
    static final String KEY_B = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    private static BufferedReader lines(String text) {
        return new BufferedReader(new StringReader(text));
    }

    @Test
    void fiscalCodesOnStandardInputBecomeTheKeysStoryFinds() throws Exception {
        List<String> keys =
                ErasureRequest.keysOfFiscalCodes(lines(CODE + "\n\n " + OTHER.toLowerCase(Locale.ROOT) + " \n"), KEY);
        assertThat(keys)
                .containsExactly(PSEUDONYMISER.citizenKey(CODE), PSEUDONYMISER.citizenKey(OTHER))
                .allMatch(k -> k.matches("[0-9a-f]{64}"));
        // the same person as `civic story` opens
        assertThat(keys.get(0)).isEqualTo(StoryCommand.classify(CODE, KEY).key());
        // a code given twice is erased once
        assertThat(ErasureRequest.keysOfFiscalCodes(lines(CODE + "\n" + CODE + "\n"), KEY))
                .hasSize(1);
    }

    @Test
    void oneInvalidCodeStopsTheBatchWithoutRepeatingIt() {
        assertThatThrownBy(() -> ErasureRequest.keysOfFiscalCodes(lines(CODE + "\n" + INVALID + "\n"), KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2 of standard input is not a valid fiscal code")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase(INVALID));
        assertThatThrownBy(() -> ErasureRequest.keysOfFiscalCodes(lines("\n \n"), KEY))
                .hasMessageContaining("no fiscal code");
    }

    @Test
    void aFiscalCodeIsNeverTakenFromTheCommandLine() {
        ErasureRequest.checkFiscalCodeOption(null);
        ErasureRequest.checkFiscalCodeOption("-");
        assertThatThrownBy(() -> ErasureRequest.checkFiscalCodeOption(CODE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("standard input")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CODE));
    }

    @Test
    void citizenKeysAreCheckedAndLowerCased() throws Exception {
        assertThat(ErasureRequest.citizenKey(" " + KEY_B.toUpperCase(Locale.ROOT) + "\n", "--citizen-key"))
                .isEqualTo(KEY_B);
        for (String bad : List.of("abc", KEY_A + "0", KEY_A.substring(1) + "g", "")) {
            assertThatThrownBy(() -> ErasureRequest.citizenKey(bad, "--citizen-key"))
                    .as(bad)
                    .hasMessageContaining("not a citizen key");
        }
        // a code given as a key is pointed to the right option, and not repeated
        assertThatThrownBy(() -> ErasureRequest.citizenKey(CODE, "--citizen-key"))
                .hasMessageContaining("--fiscal-code -")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CODE));

        Path file = dir.resolve("keys.txt");
        Files.writeString(file, "# erasures of ticket T-1\n" + KEY_A + "\n\n" + KEY_B.toUpperCase(Locale.ROOT) + "\n");
        assertThat(ErasureRequest.keysOfFile(file)).containsExactly(KEY_A, KEY_B);
        Files.writeString(file, KEY_A + "\nnot-a-key\n");
        assertThatThrownBy(() -> ErasureRequest.keysOfFile(file)).hasMessageContaining("line 2 of keys.txt");
        assertThatThrownBy(() -> ErasureRequest.keysOfFile(dir.resolve("missing.txt")))
                .hasMessageContaining("not a readable file");

        assertThat(ErasureRequest.union(List.of(List.of(KEY_A), List.of(KEY_B, KEY_A))))
                .containsExactly(KEY_A, KEY_B);
        assertThatThrownBy(() -> ErasureRequest.union(List.of(List.of()))).hasMessageContaining("--fiscal-code -");
    }

    @Test
    void theKeysFileIsPrivateAndHoldsOneKeyPerLine() throws Exception {
        Path file = ErasureRequest.writeKeysFile(dir.resolve("run"), List.of(KEY_A, KEY_B));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(KEY_A + "\n" + KEY_B + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(file.getParent()).isEqualTo(dir.resolve("run"));
    }

    @Test
    void durationsAndRecordedTextAreChecked() {
        assertThat(ErasureRequest.duration(null, "--grace")).isNull();
        assertThat(ErasureRequest.duration("PT0S", "--grace")).isEqualTo(Duration.ZERO);
        assertThat(ErasureRequest.duration("p7d", "--grace")).isEqualTo(Duration.ofDays(7));
        for (String bad : List.of("7d", "-PT1M", "10 minutes")) {
            assertThatThrownBy(() -> ErasureRequest.duration(bad, "--orphan-min-age"))
                    .as(bad)
                    .hasMessageContaining("--orphan-min-age must be an ISO-8601 duration");
        }
        assertThat(ErasureRequest.recordedText(" DPO-2026-0142 ", "--ticket")).isEqualTo("DPO-2026-0142");
        for (String identifying : List.of("request of " + CODE, "key " + KEY_A)) {
            assertThatThrownBy(() -> ErasureRequest.recordedText(identifying, "--reason"))
                    .hasMessageContaining("must not identify the person")
                    .satisfies(
                            e -> assertThat(e.getMessage()).doesNotContain(CODE).doesNotContain(KEY_A));
        }
        assertThatThrownBy(() -> ErasureRequest.recordedText(" ", "--ticket")).hasMessageContaining("empty");
    }

    @Test
    void theSummaryShowsTheRecordedRowsAndWhereTheNoticeWent() {
        String text = ErasureSummary.format(
                "e-1",
                "T-1",
                2,
                41.4,
                List.of(
                        new ErasureSummary.TableRows("core.cases", 0, 3),
                        new ErasureSummary.TableRows("raw.interactions", 1234, 0)),
                "civic.privacy.erasures.v1",
                "file /data/outbox/erasures/e-1.jsonl");
        assertThat(text)
                .startsWith("Erasure e-1 (ticket T-1): 2 persons erased in 41 s")
                .containsPattern("raw\\.interactions +1,234 +0\\n")
                .containsPattern("core\\.cases +0 +3\\n")
                .containsPattern("total +1,234 +3\\n")
                .contains("2 messages on Kafka topic civic.privacy.erasures.v1 (key = citizen key)")
                .contains("/data/outbox/erasures/e-1.jsonl");
        assertThat(ErasureSummary.format("e-2", "T-2", 1, 3, List.of(), "none", "x"))
                .contains("1 person erased", "has no row for this erasure", "no Kafka topic");
    }

    @Test
    void theCommandLineRefusesWithExit2AndNeverPrintsACode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        InputStream stdin = System.in;
        String data = "--data-dir=" + dir;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            assertThat(CivicCli.run("privacy", "erase", data, "--fiscal-code", CODE, "--ticket", "T", "--reason", "r"))
                    .isEqualTo(2);
            assertThat(CivicCli.run("privacy", "erase", data, CODE, "--ticket", "T", "--reason", "r"))
                    .isEqualTo(2);
            System.setIn(new ByteArrayInputStream((INVALID + "\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(CivicCli.run("privacy", "erase", data, "--fiscal-code", "-", "--ticket", "T", "--reason", "r"))
                    .isEqualTo(2);
            // a script without --yes: refused before anything runs (no terminal to confirm on)
            assertThat(CivicCli.run("privacy", "erase", data, "--citizen-key", KEY_A, "--ticket", "T", "--reason", "r"))
                    .isEqualTo(2);
            // ticket and reason are required
            assertThat(CivicCli.run("privacy", "erase", data, "--citizen-key", KEY_A, "--yes"))
                    .isEqualTo(2);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            System.setIn(stdin);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains(
                        "--fiscal-code takes only '-'",
                        "unexpected argument",
                        "not a valid fiscal code",
                        "add --yes",
                        "--ticket")
                .doesNotContainIgnoringCase(CODE)
                .doesNotContainIgnoringCase(INVALID)
                .doesNotContain(KEY_A);
        assertThat(CivicCli.run("privacy", "--help")).isZero();
        assertThat(CivicCli.run("privacy", "erase", "--help")).isZero();
    }
}
