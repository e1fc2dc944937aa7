package org.civicinsights.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientsFileTest {

    @Test
    void renderedClientsParseBack() {
        Map<String, String> clients = Map.of(
                "civic-ingest", ClientSecretHash.hash("a"),
                "civic-trino", ClientSecretHash.hash("b"));
        String text = ClientsFile.render(clients);
        assertThat(text).startsWith("#");
        assertThat(ClientsFile.parse(text)).isEqualTo(clients);
        assertThat(ClientsFile.parse("\n# a comment\n  \n" + text)).isEqualTo(clients);
    }

    @Test
    void aMalformedLineIsNamedByNumberNotByContent() {
        String hash = ClientSecretHash.hash("a");
        for (String bad : new String[] {
            "civic-ingest:plain-secret-here",
            "civic ingest=" + hash,
            "civic-ingest=plain-secret-here",
            "=" + hash,
            "civic-cli=" + hash // twice
        }) {
            assertThatThrownBy(() -> ClientsFile.parse("civic-cli=" + hash + "\n" + bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line 2")
                    .hasMessageNotContaining("plain-secret-here");
        }
    }

    @Test
    void anUpdateKeepsMatchingHashesRehashesChangedSecretsAndKeepsClientsAddedByHand() {
        String ingest = ClientSecretHash.hash("ingest-secret");
        String trino = ClientSecretHash.hash("old-trino-secret");
        String byHand = ClientSecretHash.hash("pyiceberg-secret");
        Map<String, String> updated = ClientsFile.update(
                Map.of("civic-ingest", ingest, "civic-trino", trino, "analyst-notebook", byHand),
                Map.of("civic-ingest", "ingest-secret", "civic-trino", "new-trino-secret", "civic-cli", "cli-secret"));

        assertThat(updated).containsEntry("civic-ingest", ingest).containsEntry("analyst-notebook", byHand);
        assertThat(updated.get("civic-trino")).isNotEqualTo(trino);
        assertThat(ClientSecretHash.matches("new-trino-secret", updated.get("civic-trino")))
                .isTrue();
        assertThat(ClientSecretHash.matches("cli-secret", updated.get("civic-cli")))
                .isTrue();
        assertThat(updated).hasSize(4);
    }

    @Test
    void aClientIdCannotHoldTheCredentialSeparator() {
        assertThatThrownBy(() -> ClientsFile.update(Map.of(), Map.of("civic:cli", "s")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
