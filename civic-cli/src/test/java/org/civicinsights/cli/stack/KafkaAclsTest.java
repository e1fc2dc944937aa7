package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAclsTest {
    private static final List<AclBinding> ACLS = KafkaAcls.of(
            "civic.interactions.v1", "civic.interactions.rejected.v1", "civic.outreach.changes.v1", "tx-1");

    private static List<String> allowed(String user) {
        return ACLS.stream()
                .filter(a -> a.entry().principal().equals("User:" + user)
                        && a.entry().permissionType() == AclPermissionType.ALLOW)
                .map(a -> a.pattern().resourceType() + " " + a.pattern().name() + " "
                        + a.entry().operation())
                .sorted()
                .toList();
    }

    @Test
    void eachKindMayDoWhatItsClientsDoAndNothingElse() {
        assertThat(allowed("civic-ingest")).containsExactly("GROUP * READ", "TOPIC * DESCRIBE", "TOPIC * READ");
        assertThat(allowed("civic-producer")).containsExactly("TOPIC * DESCRIBE", "TOPIC * WRITE");
        assertThat(allowed("civic-collector"))
                .containsExactly(
                        "TOPIC civic.interactions.rejected.v1 DESCRIBE",
                        "TOPIC civic.interactions.rejected.v1 WRITE",
                        "TOPIC civic.interactions.v1 DESCRIBE",
                        "TOPIC civic.interactions.v1 WRITE");
        assertThat(allowed("civic-outreach"))
                .containsExactly(
                        "TOPIC civic.outreach.changes.v1 DESCRIBE",
                        "TOPIC civic.outreach.changes.v1 WRITE",
                        "TRANSACTIONAL_ID tx-1 DESCRIBE",
                        "TRANSACTIONAL_ID tx-1 WRITE");
        assertThat(allowed("civic-admin"))
                .containsExactly(
                        "CLUSTER kafka-cluster CREATE",
                        "CLUSTER kafka-cluster DESCRIBE",
                        "GROUP * DESCRIBE",
                        "TOPIC * ALTER_CONFIGS",
                        "TOPIC * DESCRIBE",
                        "TOPIC * DESCRIBE_CONFIGS");
        // one deny entry: the producers' wildcard write stops at the outreach changes the CRM reads
        assertThat(ACLS.stream()
                        .filter(a -> a.entry().permissionType() != AclPermissionType.ALLOW)
                        .map(a -> a.entry().principal() + " " + a.entry().permissionType() + " "
                                + a.entry().operation() + " " + a.pattern().name()))
                .containsExactly("User:civic-producer DENY WRITE civic.outreach.changes.v1");
        // nobody but the kinds' users
        assertThat(ACLS.stream().map(a -> a.entry().principal()).distinct())
                .containsExactlyInAnyOrder(
                        "User:civic-ingest",
                        "User:civic-producer",
                        "User:civic-collector",
                        "User:civic-outreach",
                        "User:civic-admin");
        assertThat(ACLS)
                .noneMatch(a -> a.entry().operation() == AclOperation.ALL
                        || a.pattern().resourceType() == ResourceType.DELEGATION_TOKEN);
    }

    @Test
    void withoutAnOutreachTopicNothingIsDeniedEither() {
        assertThat(KafkaAcls.of("a", "b", "none", "tx"))
                .allMatch(a -> a.entry().permissionType() == AclPermissionType.ALLOW);
    }

    @Test
    void withoutAnOutreachTopicTheOutreachUserWritesNoTopic() {
        assertThat(KafkaAcls.of("a", "b", "none", "tx").stream()
                        .filter(a -> a.entry().principal().equals("User:civic-outreach"))
                        .map(a -> a.pattern().resourceType()))
                .containsOnly(ResourceType.TRANSACTIONAL_ID);
    }

    @Test
    void theBatchUserWritesErasureNoticesAndAProducerCannotForgeThem() {
        List<AclBinding> acls = KafkaAcls.withErasures("civic.privacy.erasures.v1", ACLS);
        assertThat(acls).containsAll(ACLS);
        assertThat(acls.stream()
                        .filter(a -> !ACLS.contains(a))
                        .map(a -> a.entry().principal() + " " + a.entry().permissionType() + " "
                                + a.entry().operation() + " " + a.pattern().resourceType() + " "
                                + a.pattern().name()))
                .containsExactlyInAnyOrder(
                        "User:civic-producer DENY WRITE TOPIC civic.privacy.erasures.v1",
                        "User:civic-outreach ALLOW WRITE TOPIC civic.privacy.erasures.v1",
                        "User:civic-outreach ALLOW DESCRIBE TOPIC civic.privacy.erasures.v1");
        assertThat(KafkaAcls.withErasures("none", ACLS)).isEqualTo(ACLS);
    }
}
