package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFormatterTest {
    static final List<String> COLUMNS = List.of("channel", "n");
    static final List<List<String>> ROWS = List.of(List.of("app_io", "12"), Arrays.asList("portal, web", null));

    @Test
    void tableAlignsColumnsAndShowsNull() {
        assertThat(ResultFormatter.format(COLUMNS, ROWS, ResultFormatter.Format.TABLE))
                .isEqualTo("channel     | n\n"
                        + "------------+-----\n"
                        + "app_io      | 12\n"
                        + "portal, web | NULL\n"
                        + "(2 rows)\n");
    }

    @Test
    void csvQuotesSeparatorsAndLeavesNullEmpty() {
        assertThat(ResultFormatter.format(COLUMNS, ROWS, ResultFormatter.Format.CSV))
                .isEqualTo("channel,n\r\napp_io,12\r\n\"portal, web\",\r\n");
    }

    @Test
    void jsonWritesOneObjectPerRow() {
        assertThat(ResultFormatter.format(COLUMNS, ROWS, ResultFormatter.Format.JSON))
                .isEqualTo("{\"channel\":\"app_io\",\"n\":\"12\"}\n{\"channel\":\"portal, web\",\"n\":null}\n");
    }
}
