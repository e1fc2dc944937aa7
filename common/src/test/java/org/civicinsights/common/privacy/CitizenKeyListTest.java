package org.civicinsights.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CitizenKeyListTest {
    static final String A = "a".repeat(64);
    static final String B = "0123456789abcdef".repeat(4);

    @Test
    void keysAreReadInOrderOnceEachAndBlankLinesIgnored() {
        assertThat(CitizenKeyList.parse("\n" + A + "\r\n  \n" + B + "\n" + A + "\n"))
                .containsExactly(A, B);
        assertThat(CitizenKeyList.parse(CitizenKeyList.format(List.of(B, A)))).containsExactly(B, A);
    }

    @Test
    void aLineThatIsNotAKeyIsNamedByItsNumberNeverByItsContent() {
        String fiscalCode = "RSSMRA85T10A562S";
        assertThatThrownBy(() -> CitizenKeyList.parse(A + "\n\n" + fiscalCode + "\n"))
                .hasMessageContaining("line 3")
                .hasMessageNotContaining(fiscalCode);
        assertThatThrownBy(() -> CitizenKeyList.parse(A.toUpperCase() + "\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> CitizenKeyList.parse(" \n")).hasMessageContaining("no citizen key");
        assertThatThrownBy(() -> CitizenKeyList.format(List.of(fiscalCode))).hasMessageNotContaining(fiscalCode);
    }
}
