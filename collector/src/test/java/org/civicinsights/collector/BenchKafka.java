package org.civicinsights.collector;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throw-away single-node Kafka for the load measurement (not a test): starts the broker of the
 * tests in its own JVM, creates the two topics with 2 partitions, writes the bootstrap address to the
 * file given as first argument and runs until killed.
 *
 * <pre>
 * java -Xmx1g -cp collector/target/test-classes:$(cat /tmp/collector-test.cp) org.civicinsights.collector.BenchKafka /tmp/bench.bootstrap
 * </pre>
 */
public final class BenchKafka {
    private BenchKafka() {}

    public static void main(String[] args) throws Exception {
        TestKafka kafka = TestKafka.start("civic.interactions.v1", "civic.interactions.rejected.v1");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kafka.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        Files.writeString(Path.of(args.length > 0 ? args[0] : "bench.bootstrap"), kafka.bootstrap());
        System.out.println("Kafka at " + kafka.bootstrap());
        Thread.currentThread().join();
    }
}
