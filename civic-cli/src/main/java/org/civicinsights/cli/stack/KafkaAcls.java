package org.civicinsights.cli.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.civicinsights.common.config.KafkaClientProperties.Kind;

/**
 * What each client kind's user may do on the secured local broker (StandardAuthorizer, nothing
 * allowed without an ACL; the super user {@code admin} may do everything). By operation: the ingest
 * job reads any topic (`civic ingest --topic` takes any) and commits offsets in any group, producers
 * write any topic but the outreach changes the CRM reads (a deny entry), the collector and the outreach export write only their own topics, the CLI's
 * admin client creates topics and describes topics and groups. So a leaked producer password cannot
 * read the topics, a leaked ingest password cannot write them.
 */
final class KafkaAcls {
    private KafkaAcls() {}

    /** The ACLs of every kind's user for a stack with these topics (outreach "none": no outreach topic). */
    static List<AclBinding> of(String topic, String rejectedTopic, String outreachTopic, String transactionalId) {
        List<AclBinding> acls = new ArrayList<>();
        String ingest = KafkaSecurity.user(Kind.INGEST);
        allow(acls, ingest, ResourceType.TOPIC, "*", AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, ingest, ResourceType.GROUP, "*", AclOperation.READ);
        allow(
                acls,
                KafkaSecurity.user(Kind.PRODUCER),
                ResourceType.TOPIC,
                "*",
                AclOperation.WRITE,
                AclOperation.DESCRIBE);
        if (!outreachTopic.equals("none")) {
            // the CRM reads the outreach changes: a producer's password must not forge them
            deny(acls, KafkaSecurity.user(Kind.PRODUCER), ResourceType.TOPIC, outreachTopic, AclOperation.WRITE);
        }
        for (String t : List.of(topic, rejectedTopic)) {
            allow(
                    acls,
                    KafkaSecurity.user(Kind.COLLECTOR),
                    ResourceType.TOPIC,
                    t,
                    AclOperation.WRITE,
                    AclOperation.DESCRIBE);
        }
        String outreach = KafkaSecurity.user(Kind.OUTREACH);
        if (!outreachTopic.equals("none")) {
            allow(acls, outreach, ResourceType.TOPIC, outreachTopic, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        allow(
                acls,
                outreach,
                ResourceType.TRANSACTIONAL_ID,
                transactionalId,
                AclOperation.WRITE,
                AclOperation.DESCRIBE);
        String admin = KafkaSecurity.user(Kind.ADMIN);
        allow(acls, admin, ResourceType.CLUSTER, "kafka-cluster", AclOperation.CREATE, AclOperation.DESCRIBE);
        // the topics' retention comes from the register: set at creation, altered on an existing broker
        allow(
                acls,
                admin,
                ResourceType.TOPIC,
                "*",
                AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS,
                AclOperation.ALTER_CONFIGS);
        allow(acls, admin, ResourceType.GROUP, "*", AclOperation.DESCRIBE);
        return acls;
    }

    /**
     * {@code acls} plus the erasure notices' ("none": no topic): the batch jobs' Kafka user (the outreach
     * export's) writes them, and, as for the outreach changes the CRM also reads, a producer's password
     * must not forge one (a forged notice would make the CRM delete a person).
     */
    static List<AclBinding> withErasures(String erasuresTopic, List<AclBinding> acls) {
        List<AclBinding> all = new ArrayList<>(acls);
        if (!erasuresTopic.equals("none")) {
            deny(all, KafkaSecurity.user(Kind.PRODUCER), ResourceType.TOPIC, erasuresTopic, AclOperation.WRITE);
            allow(
                    all,
                    KafkaSecurity.user(Kind.OUTREACH),
                    ResourceType.TOPIC,
                    erasuresTopic,
                    AclOperation.WRITE,
                    AclOperation.DESCRIBE);
        }
        return all;
    }

    private static void allow(
            List<AclBinding> acls, String user, ResourceType type, String name, AclOperation... operations) {
        for (AclOperation op : operations) {
            acls.add(binding(user, type, name, op, AclPermissionType.ALLOW));
        }
    }

    /** A deny entry wins over any allow (StandardAuthorizer), the wildcard's included. */
    private static void deny(List<AclBinding> acls, String user, ResourceType type, String name, AclOperation op) {
        acls.add(binding(user, type, name, op, AclPermissionType.DENY));
    }

    private static AclBinding binding(
            String user, ResourceType type, String name, AclOperation op, AclPermissionType permission) {
        return new AclBinding(
                new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", op, permission));
    }

    /** Creates the ACLs (an ACL that exists already is left as it is). */
    static void apply(Admin admin, List<AclBinding> acls) throws Exception {
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    }
}
