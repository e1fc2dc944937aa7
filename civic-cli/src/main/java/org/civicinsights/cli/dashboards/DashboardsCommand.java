package org.civicinsights.cli.dashboards;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.civicinsights.cli.CivicContext;
import org.civicinsights.cli.stack.StackManager;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.dashboards.BundleMain;
import org.civicinsights.dashboards.DashboardSources;
import org.civicinsights.dashboards.SupersetBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code civic dashboards}: the managers' Superset dashboards, built, imported, served and verified. */
@Command(
        name = "dashboards",
        mixinStandardHelpOptions = true,
        description = {
            "The managers' dashboards in Apache Superset, kept as code in the dashboards module.",
            "build writes the import bundle; import loads it into a Superset; serve runs a local Superset with them",
            "(after `civic demo`); verify proves in a fresh Superset that every chart runs and every dashboard renders."
        },
        subcommands = {
            DashboardsCommand.Build.class,
            DashboardsCommand.Import.class,
            DashboardsCommand.Serve.class,
            DashboardsCommand.Stop.class,
            DashboardsCommand.Verify.class
        })
public class DashboardsCommand implements Runnable {
    /** Superset's usual 8088 is the stack's collector's. */
    static final int SERVE_PORT = 8089;

    static final int VERIFY_PORT = 8090;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Where Superset reaches Trino: the options, else the stack's settings. */
    static class TrinoTarget {
        @Option(
                names = "--trino-url",
                paramLabel = "JDBC_URL",
                description =
                        "Trino as Superset must reach it, with SSL=true and SSLTrustStorePath=CA.pem for HTTPS"
                                + " (default: the stack's trino.url and trino.jdbc.* settings, e.g. jdbc:trino://127.0.0.1:8080).")
        String url;

        @Option(
                names = "--trino-user",
                paramLabel = "USER",
                description =
                        "Trino user Superset connects as (default: the manager's, trino.manager.user or trino.user).")
        String user;

        String url(CivicConfig config) {
            return url != null ? url : TrinoConnections.clientUrl(config);
        }

        /** The dashboards read as the manager: only the views they show. */
        TrinoConnections.Login login(CivicConfig config) {
            return user != null
                    ? TrinoConnections.loginAs(config, user)
                    : TrinoConnections.login(config, TrinoRole.MANAGER);
        }

        String user(CivicConfig config) {
            return login(config).user();
        }

        /**
         * The reporting views' columns, read from Trino: also the proof that Trino answers, which
         * Superset needs even to import (it lists the catalogs of the database it imports).
         */
        Map<String, Map<String, String>> views(CivicConfig config) {
            CivicConfig target = url != null ? config.with(CivicConfig.TRINO_URL, url) : config;
            try (Connection c = TrinoConnections.open(target, login(config))) {
                return DatasetColumns.read(c);
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "cannot read the reporting views from Trino at " + url(config)
                                + " (is the stack up with data? `civic demo`): " + e.getMessage(),
                        e);
            }
        }

        byte[] bundle(CivicContext context, Path out) throws Exception {
            CivicConfig config = context.config();
            System.out.println(BundleMain.write(out, url(config), user(config)));
            return Files.readAllBytes(out);
        }
    }

    static Path defaultBundle(CivicContext context) {
        return context.layout().dataDir().resolve("dashboards").resolve("civic-dashboards.zip");
    }

    static LocalSuperset local(CivicContext context, String name, int port, boolean anonymousViewers) {
        CivicConfig config = context.config();
        TrinoConnections.Login manager = TrinoConnections.login(config, TrinoRole.MANAGER);
        Optional<LocalSuperset.TrinoPassword> password = TrinoConnections.passwordFile(config, manager)
                .map(f -> {
                    java.net.URI trino = java.net.URI.create(
                            config.get(CivicConfig.TRINO_URL).substring("jdbc:".length()));
                    return new LocalSuperset.TrinoPassword(manager.user(), f, trino.getHost(), trino.getPort());
                });
        return new LocalSuperset(
                context.layout(),
                new SupersetInstall(context.layout().cacheDir(), System.out::println),
                new LocalSuperset.Options(name, port, anonymousViewers, password),
                System.out::println);
    }

    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description =
                    "Write the dashboards as a Superset import bundle (zip of YAML: database, datasets, charts, dashboards).")
    static class Build implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Mixin
        TrinoTarget trino;

        @Option(
                names = "--out",
                paramLabel = "FILE.zip",
                description = "Where to write it (default: <data-dir>/dashboards/civic-dashboards.zip).")
        Path out;

        @Override
        public Integer call() throws Exception {
            trino.bundle(context, out != null ? out : defaultBundle(context));
            System.out.println(
                    "import it with `civic dashboards import`, `superset import-dashboards -p FILE.zip -u USER`,"
                            + " or Superset's Dashboards > Import");
            return 0;
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Import the dashboards into a running Superset through its REST API, replacing earlier versions of them.",
                "Default target: the local Superset of `civic dashboards serve`. The password comes from --password-file or",
                "SUPERSET_PASSWORD (for the local Superset, from its data directory)."
            })
    static class Import implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Mixin
        TrinoTarget trino;

        @Option(
                names = "--superset-url",
                paramLabel = "URL",
                description =
                        "Superset's address; needs --trino-url (as that Superset reaches Trino) or --bundle. Default: the local one of `serve`.")
        URI supersetUrl;

        @Option(
                names = "--port",
                defaultValue = "" + SERVE_PORT,
                description = "Port of the local Superset of `serve` (default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--username",
                defaultValue = LocalSuperset.ADMIN,
                description = "Superset user with import rights (default ${DEFAULT-VALUE}).")
        String username;

        @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the user's password.")
        Path passwordFile;

        @Option(
                names = "--bundle",
                paramLabel = "FILE.zip",
                description = "Import this bundle instead of building one for --trino-url.")
        Path bundle;

        @Option(
                names = "--trino-password-file",
                paramLabel = "FILE",
                description = {
                    "With --superset-url: the Trino user's password, given to that Superset at import (the bundle holds none).",
                    "Superset keeps it encrypted, but records the import request in its logs table: see docs/security.md."
                })
        Path trinoPasswordFile;

        @Override
        public Integer call() throws Exception {
            if (supersetUrl != null && trino.url == null && bundle == null) {
                // the stack's Trino address means nothing to another machine's Superset, and the
                // import replaces the connection: say where that Superset finds Trino
                throw new IllegalArgumentException(
                        "with --superset-url, give --trino-url (Trino as that Superset reaches it) or --bundle FILE.zip");
            }
            URI url = supersetUrl != null
                    ? supersetUrl
                    : local(context, StackManager.SUPERSET, port, false).url();
            String password = password();
            SupersetApi api = new SupersetApi(url, Duration.ofMinutes(2));
            if (!api.healthy()) {
                throw new IllegalStateException("no Superset answers at " + url
                        + (supersetUrl == null ? " (start the local one with `civic dashboards serve`)" : ""));
            }
            byte[] zip = bundle != null ? Files.readAllBytes(bundle) : trino.bundle(context, defaultBundle(context));
            api.login(username, password);
            try {
                api.importBundle(zip, databasePasswords());
            } catch (SupersetApi.Failure e) {
                // Superset connects to the bundle's Trino while importing; its own error says only "unknown reason"
                throw new IllegalStateException(
                        e.getMessage()
                                + (e.status() == 500
                                        ? " (Superset connects to the bundle's Trino, "
                                                + (bundle != null ? "as the bundle says" : trino.url(context.config()))
                                                + ", while importing: does it answer from there?"
                                                + " Superset's log has the cause)"
                                        : ""),
                        e);
            }
            List<SupersetApi.DashboardInfo> imported = importedDashboards(api, DashboardSources.bundled());
            System.out.println("imported " + imported.size() + " dashboards into " + url + ":");
            imported.forEach(d -> System.out.println("  " + d.title() + ": " + dashboardUrl(url, d.slug())));
            return 0;
        }

        /** The local Superset reads the Trino password from its file itself (superset_config.py). */
        private Map<String, String> databasePasswords() throws Exception {
            if (trinoPasswordFile == null) {
                return Map.of();
            }
            return Map.of(
                    "databases/" + SupersetBundle.DATABASE_NAME + ".yaml",
                    Files.readString(trinoPasswordFile).strip());
        }

        private String password() throws Exception {
            if (passwordFile != null) {
                return Files.readString(passwordFile).strip();
            }
            if (supersetUrl == null) { // the local Superset of serve: its own admin password, never SUPERSET_PASSWORD
                LocalSuperset local = local(context, StackManager.SUPERSET, port, false);
                if (!Files.exists(local.adminPasswordFile())) {
                    throw new IllegalStateException(
                            "no local Superset in " + local.home() + ": start it with `civic dashboards serve`");
                }
                return local.adminPassword();
            }
            String env = System.getenv("SUPERSET_PASSWORD");
            if (env != null && !env.isBlank()) {
                return env;
            }
            throw new IllegalArgumentException(
                    "give the password of " + username + " with --password-file FILE or SUPERSET_PASSWORD");
        }
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = {
                "Run a local Superset (installed once into the cache) with the dashboards on the local stack's Trino,",
                "in the background, until `civic dashboards stop` or `civic stack down`. Run `civic demo` first for data."
            })
    static class Serve implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Mixin
        TrinoTarget trino;

        @Option(
                names = "--port",
                defaultValue = "" + SERVE_PORT,
                description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            trino.views(context.config()); // Superset's import needs Trino; say so before installing anything
            LocalSuperset superset = local(context, StackManager.SUPERSET, port, false);
            superset.prepare();
            superset.start(Duration.ofMinutes(3));
            SupersetApi api = new SupersetApi(superset.url(), Duration.ofMinutes(2));
            api.login(LocalSuperset.ADMIN, superset.adminPassword());
            api.importBundle(trino.bundle(context, defaultBundle(context)));
            System.out.printf(
                    "%nSuperset is running at %s (ready in %.0f s); log in as %s with the password in%n  %s%n",
                    superset.url(), (System.nanoTime() - t0) / 1e9, LocalSuperset.ADMIN, superset.adminPasswordFile());
            for (SupersetApi.DashboardInfo d : importedDashboards(api, DashboardSources.bundled())) {
                System.out.println("  " + d.title() + ": " + dashboardUrl(superset.url(), d.slug()));
            }
            System.out.println("Stop it with `civic dashboards stop` (or `civic stack down`).");
            return 0;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop the local Superset of `serve` (and of an interrupted `verify`).")
    static class Stop implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Override
        public Integer call() {
            for (String name : StackManager.SUPERSETS) {
                boolean was = local(context, name, 0, false).stop();
                System.out.println(name + (was ? " stopped" : " was not running"));
            }
            return 0;
        }
    }

    /** The bundle's dashboards as Superset lists them, in the sources' order; fails if one is missing. */
    static List<SupersetApi.DashboardInfo> importedDashboards(SupersetApi api, DashboardSources sources)
            throws Exception {
        List<SupersetApi.DashboardInfo> all = api.dashboards();
        List<SupersetApi.DashboardInfo> out = new ArrayList<>();
        for (DashboardSources.Dashboard d : sources.dashboards()) {
            out.add(all.stream()
                    .filter(x -> x.slug().equals(d.slug()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "dashboard '" + d.slug() + "' is not in Superset after the import")));
        }
        return out;
    }

    static URI dashboardUrl(URI superset, String slug) {
        return superset.resolve("superset/dashboard/" + slug + "/");
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Prove the dashboards on the stack's data in a real Superset: install a pinned Superset "
                        + SupersetInstall.VERSION,
                "(pip, once, into the cache), start a fresh one on SQLite metadata, import the bundle, run every chart's query",
                "through the REST API (each must return rows), open every dashboard in headless Chromium (it must draw all its",
                "charts and no error) and save one PNG per dashboard. Needs the stack up with data (`civic demo`) and Chromium.",
                "That Superset admits anonymous visitors of 127.0.0.1 (the browser has no login) and is stopped at the end."
            })
    static class Verify implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Mixin
        TrinoTarget trino;

        @Option(
                names = "--port",
                defaultValue = "" + VERIFY_PORT,
                description = "Port on 127.0.0.1 for the Superset under test (default ${DEFAULT-VALUE}).")
        int port;

        @Option(
                names = "--screenshots",
                paramLabel = "DIR",
                description = "Where to save the PNGs (default: <data-dir>/screenshots).")
        Path screenshots;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            CivicConfig config = context.config();
            DashboardSources sources = DashboardSources.bundled();
            Path shots = screenshots != null
                    ? screenshots
                    : context.layout().dataDir().resolve("screenshots");
            String chromium = DashboardBrowser.find(System.getenv());

            System.out.println("[1/6] Trino: the reporting views against the datasets' columns");
            List<String> wrong = DatasetColumns.mismatches(sources, trino.views(config));
            if (!wrong.isEmpty()) {
                wrong.forEach(w -> System.out.println("      " + w));
                System.out.println("verify failed: " + wrong.size()
                        + " dataset column(s) do not match the views (fix datasets.yaml or the view)");
                return 1;
            }
            System.out.println("      " + sources.datasets().size() + " datasets match their views");

            System.out.println("[2/6] bundle");
            Path zip = context.layout().dataDir().resolve("dashboards").resolve("verify-bundle.zip");
            trino.bundle(context, zip);

            System.out.println("[3/6] Superset " + SupersetInstall.VERSION);
            LocalSuperset superset = local(context, StackManager.SUPERSET_VERIFY, port, true);
            superset.stop();
            superset.reset();
            // this Superset lets anonymous visitors in: it must not outlive the command, even on Ctrl-C
            Thread stopOnExit = new Thread(superset::stop, "stop-superset-verify");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            try {
                superset.prepare();
                superset.importBundle(zip);
                superset.start(Duration.ofMinutes(3));
                SupersetApi api = new SupersetApi(superset.url(), Duration.ofMinutes(3));
                api.login(LocalSuperset.ADMIN, superset.adminPassword());
                List<SupersetApi.DashboardInfo> dashboards = importedDashboards(api, sources);
                int imported = api.charts().size();
                System.out.println("      imported " + dashboards.size() + " dashboards, " + imported + " charts");
                if (imported != sources.charts().size()) {
                    System.out.println("verify failed: " + sources.charts().size() + " charts in the bundle, "
                            + imported + " in Superset");
                    return 1;
                }
                VerifyReport report = new VerifyReport();
                System.out.println("[4/6] chart queries (Superset -> Trino)");
                Map<Integer, List<SupersetApi.ChartInfo>> chartsOf = new HashMap<>();
                for (SupersetApi.DashboardInfo d : dashboards) {
                    chartsOf.put(d.id(), api.dashboardCharts(d.id()));
                    for (SupersetApi.ChartInfo c : chartsOf.get(d.id())) {
                        try {
                            var r = api.chartData(c.id());
                            report.add(ChartCheck.of(c.name(), d.title(), r.statusCode(), r.body()));
                        } catch (IOException e) { // a timeout: this chart fails, the others are still checked
                            report.add(new ChartCheck(
                                    c.name(), d.title(), ChartCheck.Outcome.ERROR, 0, "no answer: " + e.getMessage()));
                        }
                    }
                    System.out.println("      " + report.dashboardLine(d.title()));
                }
                System.out.println("[5/6] dashboards in headless Chromium; screenshots in " + shots);
                DashboardBrowser browser =
                        new DashboardBrowser(chromium, superset.home().resolve("browser"));
                for (SupersetApi.DashboardInfo d : dashboards) {
                    URI page = URI.create(dashboardUrl(superset.url(), d.slug()) + "?standalone=1");
                    Path png = shots.resolve(d.slug() + ".png");
                    try {
                        DashboardBrowser.Rendering seen = browser.render(page);
                        browser.screenshot(page, png);
                        System.out.println("      "
                                + report.addRendering(
                                        d.title(), chartsOf.get(d.id()).size(), seen, png));
                    } catch (IOException e) {
                        System.out.println("      " + report.pageFailed(d.title(), e.getMessage()));
                    }
                }
                System.out.println("[6/6] summary");
                report.failures().forEach(f -> System.out.println("      FAILED " + f));
                System.out.printf("%s in %.0f s%n", report.summary(), (System.nanoTime() - t0) / 1e9);
                return report.passed() ? 0 : 1;
            } finally {
                superset.stop();
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            }
        }
    }
}
