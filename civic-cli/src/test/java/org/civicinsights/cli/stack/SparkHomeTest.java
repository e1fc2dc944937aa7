package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkHomeTest {
    @TempDir
    Path dir;

    Path jar(String repoPath) throws Exception {
        Path j = dir.resolve("m2").resolve(repoPath);
        Files.createDirectories(j.getParent());
        Files.writeString(j, repoPath);
        return j;
    }

    String classpath(Path... jars) {
        return String.join(
                File.pathSeparator, Stream.of(jars).map(Path::toString).toList());
    }

    @Test
    void linksEveryJarOfTheClasspathIntoJarsWithoutCopyingIt() throws Exception {
        Path core = jar("org/apache/spark/spark-core_2.13/4.1.0/spark-core_2.13-4.1.0.jar");
        Path sql = jar("org/apache/spark/spark-sql_2.13/4.1.0/spark-sql_2.13-4.1.0.jar");
        SparkHome home = SparkHome.layOut(dir.resolve("data/spark"), classpath(core, sql));

        assertThat(home.dir()).isEqualTo(dir.resolve("data/spark/spark-home-4.1.0"));
        Path link = home.jars().resolve("spark-core_2.13-4.1.0.jar");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(core);
        assertThat(Files.readString(home.jars().resolve("spark-sql_2.13-4.1.0.jar")))
                .isEqualTo("org/apache/spark/spark-sql_2.13/4.1.0/spark-sql_2.13-4.1.0.jar");
        assertThat(home.conf().resolve("log4j2.properties")).exists();
        assertThat(home.classpath()).isEqualTo(home.conf() + File.pathSeparator + home.jars() + "/*");
        assertThat(home.environment(dir.resolve("local")))
                .containsEntry("SPARK_HOME", home.dir().toString())
                .containsEntry("SPARK_SCALA_VERSION", "2.13")
                .containsEntry("SPARK_LOCAL_IP", "127.0.0.1")
                .containsEntry("SPARK_LOCAL_DIRS", dir.resolve("local").toString())
                .containsEntry("JAVA_HOME", System.getProperty("java.home"));
    }

    @Test
    void aChangedClasspathIsLaidOutAgainAndTheMavenJarsSurviveIt() throws Exception {
        Path core = jar("org/apache/spark/spark-core_2.13/4.1.0/spark-core_2.13-4.1.0.jar");
        Path mllib = jar("org/apache/spark/spark-mllib_2.13/4.1.0/spark-mllib_2.13-4.1.0.jar");
        SparkHome first = SparkHome.layOut(dir.resolve("spark"), classpath(core, mllib));
        SparkHome again = SparkHome.layOut(dir.resolve("spark"), classpath(core));

        assertThat(again.dir()).isEqualTo(first.dir());
        try (Stream<Path> links = Files.list(again.jars())) {
            assertThat(links.map(p -> p.getFileName().toString())).containsExactly("spark-core_2.13-4.1.0.jar");
        }
        // deleting the links deleted no jar they pointed to
        assertThat(mllib).exists();
        assertThat(core).exists();
    }

    @Test
    void twoJarsWithOneFileNameGetTwoLinks() throws Exception {
        Path a = dir.resolve("m2/org/one/annotations/17.0.0/annotations-17.0.0.jar");
        Path b = dir.resolve("m2/org/other/annotations/17.0.0/annotations-17.0.0.jar");
        assertThat(SparkHome.linkNames(List.of(a, b, a)))
                .containsOnlyKeys("annotations-17.0.0.jar", "other-annotations-17.0.0.jar")
                .containsEntry("annotations-17.0.0.jar", a)
                .containsEntry("other-annotations-17.0.0.jar", b);
    }

    @Test
    void aClasspathWithoutSparkCoreIsRefused() throws Exception {
        Path sql = jar("org/apache/spark/spark-sql_2.13/4.1.0/spark-sql_2.13-4.1.0.jar");
        assertThatThrownBy(() -> SparkHome.layOut(dir.resolve("spark"), classpath(sql)))
                .hasMessageContaining("spark-core is not on the Spark classpath");
    }
}
