package org.civicinsights.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.civicinsights.common.io.PrivateFiles;

/**
 * The SCRAM users of the secured broker and their login files. A login file holds the password in
 * effect on the broker, which every client reads through Kafka's FileConfigProvider; the stack's
 * password secrets hold the wanted one. They differ only between a rotation and the next start.
 */
final class KafkaUsers {
    /** Kafka's minimum for SCRAM-SHA-512; the passwords are 256 random bits, so more buys nothing. */
    static final int ITERATIONS = 4096;

    private KafkaUsers() {}

    /** Sets (creates or replaces) each user's SCRAM-SHA-512 credential; waits for the broker's answer. */
    static void upsert(Admin admin, Map<String, String> passwordsByUser) throws Exception {
        List<UserScramCredentialAlteration> changes = passwordsByUser.entrySet().stream()
                .map(e -> (UserScramCredentialAlteration) new UserScramCredentialUpsertion(
                        e.getKey(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), e.getValue()))
                .toList();
        admin.alterUserScramCredentials(changes).all().get(30, TimeUnit.SECONDS);
    }

    /** The password in effect for the login file, if the file exists. */
    static Optional<String> passwordInEffect(Path loginFile) throws IOException {
        if (!Files.exists(loginFile)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(loginFile)) {
            p.load(r);
        }
        return Optional.ofNullable(p.getProperty("password"));
    }

    /** Writes a login file (0600, replaced atomically): what the user's clients log in with from now on. */
    static void writeLogin(Path loginFile, String user, String password) throws IOException {
        Map<String, String> login = new LinkedHashMap<>();
        login.put("username", user);
        login.put("password", password);
        PrivateFiles.writeProperties(
                loginFile,
                login,
                "Written by `civic stack up`: the Kafka login in effect for " + user
                        + " (read by Kafka's FileConfigProvider).");
    }
}
