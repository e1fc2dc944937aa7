package org.civicinsights.batch.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.ErasureAction;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;
import org.junit.jupiter.api.Test;

/** docs/privacy.md's table of what erasure does agrees with the register the job applies. */
class ErasureDocTest {
    static final Path DOC = Path.of("..", "docs", "privacy.md");

    @Test
    void theDocumentedErasureOfEveryTableIsTheRegisters() throws Exception {
        String doc = Files.readString(DOC);
        String section = doc.substring(doc.indexOf("\n## Erasure"));
        Map<String, String> documented = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+\\.[a-z_]+)` \\| ([a-z]+) \\|")
                .matcher(section);
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        Map<String, String> registered = new TreeMap<>();
        for (RegisteredTable t : DataRegister.bundled().tables()) {
            if (t.erasure() != ErasureAction.NONE || !t.personColumns().isEmpty()) {
                registered.put(t.name(), t.erasure().name().toLowerCase(Locale.ROOT));
            }
        }
        documented.remove("meta.erasures"); // listed for the reader: it is where the proof goes
        assertThat(documented).isEqualTo(registered);
    }
}
