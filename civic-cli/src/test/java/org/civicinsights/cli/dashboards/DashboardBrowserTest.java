package org.civicinsights.cli.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardBrowserTest {
    @Test
    void theRenderedPageIsCounted() {
        String dom = "<div data-test=\"chart-container\"></div><div data-test=\"chart-container\">"
                + "<div role=\"alert\" class=\"ant-alert ant-alert-error css-1\">Trino error</div></div>"
                + "<img class=\"loading\" data-test=\"loading-indicator\"><span class=\"ant-btn-loading-icon\"></span>";
        assertEquals(new DashboardBrowser.Rendering(2, 1, 1), DashboardBrowser.rendering(dom));
        assertEquals(
                new DashboardBrowser.Rendering(0, 0, 0),
                DashboardBrowser.rendering("<div class=\"ant-alert-errorless\"></div>"));
    }

    @Test
    void chromiumRunsHeadlessWithoutBackgroundCalls(@TempDir Path dir) {
        List<String> cmd = DashboardBrowser.command(
                "/usr/bin/chromium", dir, URI.create("http://127.0.0.1:8089/superset/dashboard/x/"), "--dump-dom");
        assertEquals("/usr/bin/chromium", cmd.get(0));
        assertTrue(
                cmd.containsAll(List.of(
                        "--headless",
                        "--no-sandbox",
                        "--disable-background-networking",
                        "--dump-dom",
                        "--user-data-dir=" + dir)),
                cmd.toString());
        assertEquals("http://127.0.0.1:8089/superset/dashboard/x/", cmd.get(cmd.size() - 1));
    }

    @Test
    void chromiumIsFoundOnThePathOrNamedOrMissingClearly(@TempDir Path dir) throws Exception {
        Path chromium = Files.createFile(dir.resolve("chromium"));
        chromium.toFile().setExecutable(true);
        assertEquals(chromium.toString(), DashboardBrowser.find(Map.of("PATH", "/nonexistent:" + dir)));
        assertEquals(
                "/opt/chrome", DashboardBrowser.find(Map.of("CIVIC_CHROMIUM", "/opt/chrome", "PATH", dir.toString())));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> DashboardBrowser.find(Map.of("PATH", "/nonexistent")));
        assertTrue(e.getMessage().contains("apt-get install chromium"));
    }
}
