package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientsFileTest {
    private static final String PORTAL_TOKEN = "portal-token-0123456789abcdefghijklmnopqrstu";
    private static final String APPIO_TOKEN = "appio-token-0123456789abcdefghijklmnopqrstuv";
    private static final String CHATBOT_TOKEN = "chatbot-token-0123456789abcdefghijklmnopqrst";

    private static String hash(String token) {
        return ClientsFile.sha256Hex(token);
    }

    private static ClientsFile parse(String... lines) {
        return ClientsFile.parse("clients.txt", List.of(lines));
    }

    @Test
    void readsClientsCommentsAndBlankLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clients.txt");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "# clients of the collector: <client-id> <sha256-hex-of-token> [rate-per-second]",
                        "",
                        "portal " + hash(PORTAL_TOKEN) + " 50   # the citizen portal",
                        "   app-io.backend_1\t" + hash(APPIO_TOKEN).toUpperCase(Locale.ROOT),
                        "chatbot " + hash(CHATBOT_TOKEN) + " 0.5",
                        "  # indented comment",
                        "   "),
                StandardCharsets.UTF_8);

        ClientsFile clients = ClientsFile.load(file);

        assertThat(clients.source()).isEqualTo(file.toString());
        assertThat(clients.clients())
                .extracting(ClientsFile.Client::id)
                .containsExactly("portal", "app-io.backend_1", "chatbot");
        assertThat(clients.clients().get(0).rate()).hasValue(50);
        assertThat(clients.clients().get(1).rate()).isEmpty();
        assertThat(clients.clients().get(2).rate()).hasValue(0.5);
        assertThat(clients.authenticate(PORTAL_TOKEN))
                .map(ClientsFile.Client::id)
                .hasValue("portal");
        assertThat(clients.authenticate(APPIO_TOKEN))
                .map(ClientsFile.Client::id)
                .hasValue("app-io.backend_1");
        assertThat(clients.authenticate(CHATBOT_TOKEN))
                .map(ClientsFile.Client::id)
                .hasValue("chatbot");
    }

    @Test
    void unknownTokensAndTheHashItselfAreNotAccepted() {
        ClientsFile clients = parse("portal " + hash(PORTAL_TOKEN));
        assertThat(clients.authenticate(PORTAL_TOKEN + "x")).isEmpty();
        assertThat(clients.authenticate(PORTAL_TOKEN.substring(1))).isEmpty();
        assertThat(clients.authenticate("")).isEmpty();
        assertThat(clients.authenticate(hash(PORTAL_TOKEN)))
                .as("the stored hash is not a token")
                .isEmpty();
        assertThat(clients.clients().get(0).toString()).isEqualTo("portal").doesNotContain(hash(PORTAL_TOKEN));
    }

    @Test
    void anEmptyFileHasNoClients() {
        assertThat(parse("# nobody yet", "").clients()).isEmpty();
        assertThat(parse("# nobody yet").authenticate(PORTAL_TOKEN)).isEmpty();
    }

    @Test
    void rateZeroMeansNoLimitForThatClient() {
        assertThat(parse("appio " + hash(APPIO_TOKEN) + " 0").clients().get(0).rate())
                .hasValue(0);
    }

    @Test
    void wrongNumberOfFieldsIsRefusedWithFileAndLine() {
        assertThatThrownBy(() -> parse("# ok", "portal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clients file clients.txt")
                .hasMessageContaining("line 2")
                .hasMessageContaining("<client-id> <sha256-hex-of-token> [rate-per-second]");
        assertThatThrownBy(() -> parse("portal " + hash(PORTAL_TOKEN) + " 50 extra"))
                .hasMessageContaining("line 1")
                .hasMessageContaining("4 field(s)");
    }

    @Test
    void invalidClientIdIsRefused() {
        for (String id : List.of("-portal", "por/tal", "portal:1", "p".repeat(65), "portàle")) {
            assertThatThrownBy(() -> parse(id + " " + hash(PORTAL_TOKEN)))
                    .as(id)
                    .hasMessageContaining("line 1")
                    .hasMessageContaining("client id");
        }
    }

    @Test
    void duplicateClientIdIsRefusedNamingBothLines() {
        assertThatThrownBy(() -> parse("portal " + hash(PORTAL_TOKEN), "", "portal " + hash(APPIO_TOKEN)))
                .hasMessageContaining("line 3")
                .hasMessageContaining("duplicate client id 'portal' (first on line 1)");
    }

    @Test
    void badHexIsRefusedWithoutEchoingTheField() {
        String h = hash(PORTAL_TOKEN);
        for (String bad : List.of(h.substring(1), h + "0", h.substring(1) + "g", PORTAL_TOKEN)) {
            assertThatThrownBy(() -> parse("portal " + bad))
                    .as(bad)
                    .hasMessageContaining("line 1")
                    .hasMessageContaining("not 64 hexadecimal digits")
                    .hasMessageNotContaining(bad); // it may be a token pasted by mistake
        }
    }

    @Test
    void twoClientsWithTheSameTokenAreRefused() {
        assertThatThrownBy(() -> parse(
                        "portal " + hash(PORTAL_TOKEN),
                        "portal2 " + hash(PORTAL_TOKEN).toUpperCase(Locale.ROOT)))
                .hasMessageContaining("line 2")
                .hasMessageContaining("same token as client 'portal'");
    }

    @Test
    void badRateIsRefused() {
        for (String rate : List.of("-1", "fast", "NaN", "Infinity", "1,5")) {
            assertThatThrownBy(() -> parse("portal " + hash(PORTAL_TOKEN) + " " + rate))
                    .as(rate)
                    .hasMessageContaining("line 1")
                    .hasMessageContaining("rate of client 'portal'");
        }
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.txt");
        assertThatThrownBy(() -> ClientsFile.load(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read the clients file " + missing);
    }

    @Test
    void theCollectorDoesNotStartWithABadClientsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clients.txt");
        Files.writeString(file, "portal " + hash(PORTAL_TOKEN) + "\nportal " + hash(APPIO_TOKEN) + "\n");
        // refused before anything starts: no Kafka is needed to see it
        assertThatThrownBy(() -> EventCollector.start(
                        CollectorSettings.of(Map.of("collector.port", "0", "collector.clients-file", file.toString()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 2")
                .hasMessageContaining("duplicate client id");
    }
}
