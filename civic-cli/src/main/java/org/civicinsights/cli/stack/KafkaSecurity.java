package org.civicinsights.cli.stack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.civicinsights.common.config.KafkaClientProperties;
import org.civicinsights.common.config.KafkaClientProperties.Kind;

/**
 * The local broker's SASL_SSL listener with SCRAM-SHA-512 logins ({@code stack.security=on}): what the
 * broker's configuration and every client's {@code kafka.client.*} settings say. Pure: names files,
 * writes none.
 *
 * <p>Users: the broker's own super user {@code admin} (inter-broker traffic, creating the other
 * users), password secret {@code kafka-broker}; one user per client kind, {@code civic-<kind>},
 * password secret {@code kafka-<kind>}. Each user's password in effect on the broker is in a 0600
 * login file {@code <secrets>/kafka-<...>.properties} ({@code username}, {@code password}) that Kafka's
 * FileConfigProvider reads when a client or the broker starts: the settings name the file, never
 * the password.
 *
 * @param secretsDir the stack's secrets directory
 * @param caPem the local CA's certificate, the clients' trust anchor (a PEM truststore needs no password)
 * @param serverKeystore the broker's key and certificate chain (PKCS12)
 * @param serverKeystorePassword a reference to the keystore's password Kafka's config providers
 *     resolve ({@code ${file:...}} or {@code ${dir:...}})
 * @param truststore the local CA's certificate (PKCS12): whom the controller listener accepts
 * @param truststorePassword a reference to its password, as for the keystore's
 */
public record KafkaSecurity(
        Path secretsDir,
        Path caPem,
        Path serverKeystore,
        String serverKeystorePassword,
        Path truststore,
        String truststorePassword) {
    /** The broker's own user: inter-broker traffic and user management. */
    public static final String SUPER_USER = "admin";

    public static final String SUPER_USER_SECRET = "kafka-broker";
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The client listener's name (and protocol). */
    static final String LISTENER = "SASL_SSL";

    /**
     * The principal Kafka builds from the broker's certificate ({@link StackCertificates#SERVER_DNAME}) on
     * the mTLS controller listener: the RFC 2253 form, {@code CN=localhost,O=civic-insights}.
     */
    static final String CONTROLLER_PRINCIPAL =
            "User:" + new X500Principal(StackCertificates.SERVER_DNAME).getName(X500Principal.RFC2253);

    /** Kafka's own config providers, named by class: nothing of ours on any client's classpath. */
    static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";

    static final String DIR_PROVIDER = "org.apache.kafka.common.config.provider.DirectoryConfigProvider";

    /**
     * The stack's files: its CA, broker keystore and CA truststore ({@link StackCertificates}), their
     * passwords read by Kafka's DirectoryConfigProvider straight from their secret files.
     */
    public static KafkaSecurity of(StackLayout layout) {
        Path secrets = layout.secretsDir();
        return new KafkaSecurity(
                secrets,
                secrets.resolve("tls").resolve("ca.pem"),
                secrets.resolve("tls").resolve("server.p12"),
                "${dir:" + secrets + ":" + "tls-server.password}",
                secrets.resolve("tls").resolve("truststore.p12"),
                "${dir:" + secrets + ":" + "tls-truststore.password}");
    }

    /** The SCRAM user of a kind of client: {@code civic-ingest}. */
    public static String user(Kind kind) {
        return "civic-" + kind.key();
    }

    /** The name of a kind's password in the stack's secrets: {@code kafka-ingest}. */
    public static String secret(Kind kind) {
        return "kafka-" + kind.key();
    }

    /** Every client kind, each with its own user. */
    public static List<Kind> kinds() {
        return Arrays.asList(Kind.values());
    }

    /** The login file (username, password in effect) of a secret: {@code <secrets>/kafka-ingest.properties}. */
    public Path loginFile(String secret) {
        return secretsDir.resolve(secret + ".properties");
    }

    /**
     * A SCRAM login whose password Kafka reads from the login file when the client starts:
     * {@code ...ScramLoginModule required username="civic-ingest" password="${file:/.../kafka-ingest.properties:password}";}
     */
    public String jaas(String user, String secret) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"${file:" + loginFile(secret) + ":password}\";";
    }

    /**
     * What every client of the stack gets in civic.properties: SASL_SSL, SCRAM-SHA-512, the CA as a PEM
     * truststore, the file config provider (reading only under the secrets directory) and, per kind, the
     * login of its user.
     */
    public Map<String, String> clientSettings() {
        String p = KafkaClientProperties.PREFIX;
        Map<String, String> m = new LinkedHashMap<>();
        m.put(p + "security.protocol", LISTENER);
        m.put(p + "sasl.mechanism", MECHANISM);
        m.put(p + "ssl.truststore.type", "PEM");
        m.put(p + "ssl.truststore.location", caPem.toString());
        m.put(p + "config.providers", "file");
        m.put(p + "config.providers.file.class", FILE_PROVIDER);
        m.put(p + "config.providers.file.param.allowed.paths", secretsDir.toString());
        for (Kind k : kinds()) {
            m.put(k.prefix() + "sasl.jaas.config", jaas(user(k), secret(k)));
        }
        return m;
    }

    /** The client settings of the broker's super user (no prefix): the admin kind's, logged in as {@link #SUPER_USER}. */
    public Map<String, String> superUserClient() {
        Map<String, String> m = new LinkedHashMap<>(KafkaClientProperties.of(clientSettings(), Kind.ADMIN));
        m.put("sasl.jaas.config", jaas(SUPER_USER, SUPER_USER_SECRET));
        return m;
    }

    /**
     * The broker's settings for a SASL_SSL listener on {@code port} (clients and inter-broker traffic, as
     * {@link #SUPER_USER}) and the controller listener on {@code controllerPort}, on SSL with client
     * certificates: KRaft keeps SCRAM credentials in the metadata log the controller serves, so the
     * controller cannot check SCRAM logins; it accepts only a certificate from the stack's CA, which
     * the broker presents (its server certificate is also for client authentication).
     */
    public List<String> brokerSettings(int port, int controllerPort) {
        String controller = "listener.name.controller.";
        return List.of(
                "listeners=" + LISTENER + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + LISTENER + "://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + LISTENER,
                "listener.security.protocol.map=" + LISTENER + ":" + LISTENER + ",CONTROLLER:SSL",
                "sasl.enabled.mechanisms=" + MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + jaas(SUPER_USER, SUPER_USER_SECRET),
                "config.providers=file,dir",
                "config.providers.file.class=" + FILE_PROVIDER,
                "config.providers.file.param.allowed.paths=" + secretsDir,
                "config.providers.dir.class=" + DIR_PROVIDER,
                "config.providers.dir.param.allowed.paths=" + secretsDir,
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + serverKeystore,
                "ssl.keystore.password=" + serverKeystorePassword,
                // the broker checks its own certificate, and the inter-broker client the listener's
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=" + caPem,
                // mTLS: the controller and the broker's controller client each present server.p12 and
                // accept only a peer whose certificate the stack's CA signed
                controller + "ssl.client.auth=required",
                controller + "ssl.keystore.type=PKCS12",
                controller + "ssl.keystore.location=" + serverKeystore,
                controller + "ssl.keystore.password=" + serverKeystorePassword,
                controller + "ssl.truststore.type=PKCS12",
                controller + "ssl.truststore.location=" + truststore,
                controller + "ssl.truststore.password=" + truststorePassword,
                // nothing without an ACL (KafkaAcls); the super user, and the broker itself on the
                // controller listener (by its certificate), may do everything
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + SUPER_USER + ";" + CONTROLLER_PRINCIPAL);
    }
}
