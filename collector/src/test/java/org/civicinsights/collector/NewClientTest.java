package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewClientTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void makesA256BitBase64UrlTokenAndTheLineThatAuthenticatesIt() {
        NewClient.Entry e = NewClient.fromArgs(new String[] {"--new-client", "portal", "--rate", "50"}, random);

        assertThat(e.token()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(e.token())).hasSize(32);
        assertThat(e.line())
                .isEqualTo("portal " + ClientsFile.sha256Hex(e.token()) + " 50")
                .doesNotContain(e.token());
        ClientsFile file = ClientsFile.parse("clients.txt", List.of(e.line()));
        assertThat(file.authenticate(e.token())).map(ClientsFile.Client::id).hasValue("portal");
        assertThat(file.clients().get(0).rate()).hasValue(50);
    }

    @Test
    void everyTokenIsNew() {
        String a = NewClient.fromArgs(new String[] {"--new-client=chatbot"}, random)
                .token();
        String b = NewClient.fromArgs(new String[] {"--new-client=chatbot"}, random)
                .token();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void withoutRateTheLineHasTwoFields() {
        NewClient.Entry e = NewClient.fromArgs(new String[] {"--rate=0.5", "--new-client", "appio"}, random);
        assertThat(e.line()).isEqualTo("appio " + ClientsFile.sha256Hex(e.token()) + " 0.5");
        assertThat(NewClient.fromArgs(new String[] {"--new-client", "appio"}, random)
                        .line()
                        .split(" "))
                .hasSize(2);
    }

    @Test
    void printsTheTokenOnceAndTheLineWithCommentsAround() {
        NewClient.Entry e = NewClient.fromArgs(new String[] {"--new-client", "portal"}, random);
        List<String> lines = NewClient.render(e).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("#").contains("portal", "only this once", "Authorization: Bearer");
        assertThat(lines.get(1)).isEqualTo(e.token());
        assertThat(lines.get(2)).startsWith("#").contains("collector.clients-file");
        assertThat(lines.get(3)).isEqualTo(e.line());
        assertThat(lines.stream().filter(l -> l.contains(e.token()))).hasSize(1);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> NewClient.fromArgs(new String[] {"--new-client"}, random))
                .hasMessageContaining("--new-client needs a client id");
        assertThatThrownBy(() -> NewClient.fromArgs(new String[] {"--new-client", "por/tal"}, random))
                .hasMessageContaining("client id 'por/tal' is not valid");
        assertThatThrownBy(() -> NewClient.fromArgs(new String[] {"--new-client", "portal", "--rate", "-3"}, random))
                .hasMessageContaining("events per second");
        assertThatThrownBy(() -> NewClient.fromArgs(new String[] {"--new-client", "portal", "--rate"}, random))
                .hasMessageContaining("--rate needs");
        assertThatThrownBy(() ->
                        NewClient.fromArgs(new String[] {"--new-client", "portal", "--collector.port", "1"}, random))
                .hasMessageContaining("unexpected argument '--collector.port'");
    }

    @Test
    void isRecognisedInTheArguments() {
        assertThat(NewClient.requested(new String[] {"--new-client", "x"})).isTrue();
        assertThat(NewClient.requested(new String[] {"--new-client=x"})).isTrue();
        assertThat(NewClient.requested(new String[] {"--collector.port", "1"})).isFalse();
    }
}
