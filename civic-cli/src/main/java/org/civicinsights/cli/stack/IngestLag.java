package org.civicinsights.cli.stack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far the ingest job's committed offsets are behind the end of the topic. */
public record IngestLag(long endOffsets, long committedOffsets) {

    public long lag() {
        return endOffsets - committedOffsets;
    }

    /** Records ever written to the topic (beginning offsets are 0 while retention has deleted nothing). */
    public static long topicRecords(Admin admin, String topic) throws Exception {
        return ends(admin, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    public static IngestLag of(Admin admin, String topic, String group) throws Exception {
        Map<TopicPartition, Long> ends = ends(admin, topic);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        long end = ends.values().stream().mapToLong(Long::longValue).sum();
        long done = ends.keySet().stream()
                .mapToLong(
                        tp -> committed.get(tp) == null ? 0 : committed.get(tp).offset())
                .sum();
        return new IngestLag(end, done);
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic);
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
