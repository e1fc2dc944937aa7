package org.civicinsights.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesRecordSinkTest {
    @TempDir
    Path dir;

    @Test
    void writesOneUtf8LinePerRecordAndReplacesTheFile() throws Exception {
        Path file = dir.resolve("out/nested/events.jsonl");
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(file)) {
            sink.send("k1", "{\"feedback_text\":\"Pratica risolta, è andata bene\"}");
            sink.send("k2", "{\"a\":2}");
            sink.send("k3", "{\"a\":3");
            assertThat(sink.linesWritten()).isEqualTo(3);
        }
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                .containsExactly("{\"feedback_text\":\"Pratica risolta, è andata bene\"}", "{\"a\":2}", "{\"a\":3");

        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(file)) {
            sink.send("k", "{}");
        }
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly("{}");
    }

    @Test
    void aValueWithLineBreaksStaysOnOneLineWithTheSameMeaning() throws Exception {
        Path file = dir.resolve("events.jsonl");
        String pretty = "{\r\n  \"a\": \"x\ny\",\n  \"b\": \"q\\\"\r\"\n}";
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(file)) {
            sink.send("k", pretty);
            sink.send("k", "{\"next\":true}");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        var node = new ObjectMapper().readTree(lines.get(0));
        assertThat(node.get("a").asText()).isEqualTo("x\ny");
        assertThat(node.get("b").asText()).isEqualTo("q\"\r");
        assertThat(lines.get(1)).isEqualTo("{\"next\":true}");
    }

    @Test
    void refusesToWriteAfterCloseAndClosesOnce() {
        JsonLinesRecordSink sink = new JsonLinesRecordSink(dir.resolve("x.jsonl"));
        sink.close();
        sink.close();
        sink.flush();
        assertThatThrownBy(() -> sink.send("k", "{}")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonLinesRecordSink(dir))
                .isInstanceOf(RecordSinkException.class)
                .hasMessageContaining("cannot open");
    }
}
