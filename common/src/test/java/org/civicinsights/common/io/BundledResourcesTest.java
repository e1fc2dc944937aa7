package org.civicinsights.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BundledResourcesTest {
    private static final String DIR = "bundled-test/listed";

    @Test
    void readsAResourceAsUtf8WithOrWithoutLeadingSlash() {
        assertThat(BundledResources.text(DIR + "/first.txt")).isEqualTo("première ligne\n");
        assertThat(BundledResources.text("/" + DIR + "/first.txt")).isEqualTo("première ligne\n");
    }

    @Test
    void aMissingResourceIsNamed() {
        assertThatThrownBy(() -> BundledResources.text(DIR + "/nothing.txt"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("resource bundled-test/listed/nothing.txt is missing from the classpath");
        assertThat(BundledResources.textOrNull(DIR + "/nothing.txt")).isNull();
    }

    @Test
    void indexSkipsBlankLinesAndCommentsAndStrips() {
        assertThat(BundledResources.names(DIR)).containsExactly("first.txt", "second.txt", "missing.txt");
        assertThat(BundledResources.names(DIR + "/")).containsExactly("first.txt", "second.txt", "missing.txt");
        assertThat(BundledResources.indexNames("a\r\n\r\n  # x\n#y\n b \n")).containsExactly("a", "b");
        assertThat(BundledResources.indexNames("")).isEmpty();
    }

    @Test
    void aMissingIndexIsNamed() {
        assertThatThrownBy(() -> BundledResources.names("bundled-test/none"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("index bundled-test/none/index.txt is missing from the classpath");
    }

    @Test
    void aListedFileThatIsMissingSaysTheIndexListsIt() {
        assertThat(BundledResources.listed(DIR, "second.txt")).isEqualTo("two\n");
        assertThatThrownBy(() -> BundledResources.listed(DIR, "missing.txt"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bundled-test/listed/missing.txt is listed in bundled-test/listed/index.txt"
                        + " but missing from the classpath");
    }
}
