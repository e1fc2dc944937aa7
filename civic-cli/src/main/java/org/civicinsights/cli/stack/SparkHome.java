package org.civicinsights.cli.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.common.io.FileTrees;

/**
 * A Spark home for the standalone Master and Worker, laid out from the Spark classpath resolved from
 * Maven: {@code jars/} holds symlinks to the jars in the local Maven repository (not copies) and
 * {@code conf/} the daemons' and executors' logging. The Worker launches each executor with
 * {@code $SPARK_HOME/jars/*} as its classpath: without a home it fails with "Cannot find any build
 * directories".
 */
public final class SparkHome {
    private static final Pattern SPARK_CORE = Pattern.compile("spark-core_(\\d+\\.\\d+)-(.+)\\.jar");
    private static final String MANIFEST = ".classpath";

    private final Path dir;
    private final String scalaVersion;

    private SparkHome(Path dir, String scalaVersion) {
        this.dir = dir;
        this.scalaVersion = scalaVersion;
    }

    /**
     * The home {@code spark-home-<version>} under {@code parent} for this classpath (the Spark engine's,
     * path-separated); laid out on first use and again when the classpath changed.
     */
    public static SparkHome layOut(Path parent, String classpath) throws IOException {
        List<Path> jars = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(s -> s.endsWith(".jar"))
                .map(Path::of)
                .toList();
        String[] coordinates = sparkCore(jars);
        SparkHome home = new SparkHome(parent.resolve("spark-home-" + coordinates[1]), coordinates[0]);
        Path manifest = home.dir.resolve(MANIFEST);
        if (Files.exists(manifest) && Files.readString(manifest).equals(classpath)) {
            return home;
        }
        FileTrees.delete(home.jars());
        Files.createDirectories(home.jars());
        Files.createDirectories(home.conf());
        for (Map.Entry<String, Path> link : linkNames(jars).entrySet()) {
            Files.createSymbolicLink(
                    home.jars().resolve(link.getKey()), link.getValue().toAbsolutePath());
        }
        Files.writeString(home.conf().resolve("log4j2.properties"), LOG4J);
        // written last: a lay-out cut short is redone on the next start
        Files.writeString(manifest, classpath);
        return home;
    }

    /** Scala binary version and Spark version, from spark-core's file name (spark-core_2.13-4.1.0.jar). */
    static String[] sparkCore(List<Path> jars) {
        for (Path j : jars) {
            Matcher m = SPARK_CORE.matcher(j.getFileName().toString());
            if (m.matches()) {
                return new String[] {m.group(1), m.group(2)};
            }
        }
        throw new IllegalStateException("spark-core is not on the Spark classpath: the standalone Master and Worker"
                + " need it (civic-cli/engines/spark/pom.xml)");
    }

    /**
     * The name of each jar's link in {@code jars/}: its file name, or, when two jars share one (same
     * artifact id in two groups), the second prefixed with its version folder's parent path.
     */
    static Map<String, Path> linkNames(List<Path> jars) {
        Map<String, Path> links = new LinkedHashMap<>();
        for (Path j : jars) {
            String name = j.getFileName().toString();
            if (links.containsKey(name) && !links.get(name).equals(j)) {
                // ~/.m2/repository/<group path>/<artifact>/<version>/<file>: the group's last folder
                Path group = j.getParent() == null
                                || j.getParent().getParent() == null
                                || j.getParent().getParent().getParent() == null
                        ? null
                        : j.getParent().getParent().getParent().getFileName();
                name = (group == null ? "dup" : group.toString()) + "-" + name;
            }
            links.putIfAbsent(name, j);
        }
        return links;
    }

    public Path dir() {
        return dir;
    }

    public Path jars() {
        return dir.resolve("jars");
    }

    public Path conf() {
        return dir.resolve("conf");
    }

    /** The daemons' classpath, as Spark's own scripts build it: conf/ then every jar. */
    public String classpath() {
        return conf() + File.pathSeparator + jars().resolve("*");
    }

    /**
     * The environment of the Master and Worker (and, through the Worker, of its executors): the home,
     * the Scala version the launcher cannot guess outside a Spark build, loopback only (else the web
     * UIs bind to every interface), and scratch space under the stack's data dir.
     */
    public Map<String, String> environment(Path localDirs) {
        Map<String, String> env = new TreeMap<>();
        env.put("SPARK_HOME", dir.toString());
        env.put("SPARK_CONF_DIR", conf().toString());
        env.put("SPARK_SCALA_VERSION", scalaVersion);
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", localDirs.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** Spark's default console logging, with the chattiest start-up loggers turned down. */
    private static final String LOG4J = String.join(
            "\n",
            "# Written by civic: logging of the Spark standalone Master, Worker and executors of the local stack",
            "rootLogger.level = info",
            "rootLogger.appenderRef.console.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex",
            "logger.jetty.name = org.sparkproject.jetty",
            "logger.jetty.level = warn",
            "logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader",
            "logger.nativecode.level = error",
            "");
}
