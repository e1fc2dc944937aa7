package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {
    @TempDir
    Path dir;

    Path fakeJdk(String name, String version) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void readsTheMajorVersionFromTheReleaseFile() throws Exception {
        assertThat(JavaRuntimes.feature(fakeJdk("a", "17.0.15"))).contains(17);
        assertThat(JavaRuntimes.feature(fakeJdk("b", "25"))).contains(25);
        assertThat(JavaRuntimes.feature(fakeJdk("c", "1.8.0_402"))).contains(8);
        assertThat(JavaRuntimes.feature(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void takesJavaHomeOnlyWhenRecentEnough() throws Exception {
        Path jdk25 = fakeJdk("jdk25", "25.0.1");
        assertThat(JavaRuntimes.forTrino(null, jdk25.toString())).isEqualTo(jdk25);
        assertThat(JavaRuntimes.forTrino(jdk25.toString(), null)).isEqualTo(jdk25);
    }

    @Test
    void aConfiguredOldJdkIsRefusedWithAClearMessage() throws Exception {
        Path jdk17 = fakeJdk("jdk17", "17.0.15");
        assertThatThrownBy(() -> JavaRuntimes.forTrino(jdk17.toString(), null))
                .hasMessageContaining("is not a JDK 22 or newer");
    }
}
