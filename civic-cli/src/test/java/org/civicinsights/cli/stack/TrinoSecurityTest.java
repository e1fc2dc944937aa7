package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrinoSecurityTest {
    private final TrinoSecurity.EtcFiles files = new TrinoSecurity.EtcFiles(Path.of("/d/trino/etc"));

    @Test
    void httpsOnlyOnTheStacksPortWithSecretsFromTheEnvironment() {
        List<String> config =
                TrinoSecurity.serverConfig(8443, files, Path.of("/d/secrets/tls/server.p12"), Path.of("/d/t.p12"));
        assertThat(config)
                .contains(
                        "http-server.http.enabled=false",
                        "http-server.https.port=8443",
                        "discovery.uri=https://127.0.0.1:8443",
                        "http-server.https.keystore.path=/d/secrets/tls/server.p12",
                        "http-server.https.keystore.key=${ENV:TRINO_KEYSTORE_PASSWORD}",
                        "internal-communication.shared-secret=${ENV:TRINO_SHARED_SECRET}",
                        "internal-communication.https.required=true",
                        "http-server.authentication.type=PASSWORD",
                        "access-control.config-files=/d/trino/etc/access-control.properties");
        // every secret is a reference: no line sets a key, password or secret to a value
        assertThat(config)
                .filteredOn(l -> l.substring(0, l.indexOf('=')).matches(".*(\\.key|secret|password)"))
                .hasSize(4)
                .allSatisfy(l -> assertThat(l).containsPattern("=\\$\\{ENV:[A-Z_]+}$"));
        assertThat(config).noneMatch(l -> l.startsWith("http-server.http.port"));
    }

    @Test
    void theFilesNameEachOtherAndEveryRoleHasItsGroupAndPassword() {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (TrinoRole r : TrinoRole.values()) {
            passwords.put(r.group(), "pw-" + r.group());
        }
        String passwordFile = TrinoSecurity.passwordFile(passwords, new SecureRandom());
        assertThat(passwordFile.lines()).hasSize(TrinoRole.values().length);
        assertThat(passwordFile).doesNotContain("pw-");
        String groups = TrinoSecurity.groupFile();
        for (TrinoRole r : TrinoRole.values()) {
            assertThat(groups).contains(r.group() + ":" + r.group() + "\n");
            assertThat(passwordFile.lines().filter(l -> l.startsWith(r.group() + ":")))
                    .singleElement()
                    .satisfies(l -> assertThat(TrinoPasswordHash.matches(l, "pw-" + r.group()))
                            .isTrue());
        }
        Map<Path, String> all = TrinoSecurity.files(files, passwordFile, groups);
        assertThat(all.get(files.passwordAuthenticator()))
                .contains("password-authenticator.name=file", "file.password-file=/d/trino/etc/password.db");
        assertThat(all.get(files.groupProvider()))
                .contains("group-provider.name=file", "file.group-file=/d/trino/etc/group.txt");
        assertThat(all.get(files.accessControl()))
                .contains("access-control.name=file", "security.config-file=/d/trino/etc/rules.json");
        assertThat(all.get(files.rules())).isEqualTo(TrinoSecurity.rules()).contains("\"tables\"");
    }
}
