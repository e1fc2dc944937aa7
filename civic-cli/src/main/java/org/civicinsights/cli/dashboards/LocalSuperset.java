package org.civicinsights.cli.dashboards;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.civicinsights.cli.python.LoggedCommand;
import org.civicinsights.cli.stack.Probes;
import org.civicinsights.cli.stack.ServiceProcess;
import org.civicinsights.cli.stack.StackLayout;
import org.civicinsights.cli.stack.StackSecrets;

/**
 * A Superset web server on this machine, on SQLite metadata under the data directory: {@code
 * superset} for managers ({@code civic dashboards serve}, kept across runs) or {@code
 * superset-verify} (a fresh one per {@code civic dashboards verify}). It listens on 127.0.0.1
 * only; its admin password and secret key are generated once and kept with the stack's secrets.
 */
public final class LocalSuperset {
    public static final String ADMIN = "admin";

    /**
     * How an instance is set up; {@code anonymousViewers} lets a headless browser open dashboards
     * without logging in; {@code trinoPassword}, when Trino asks for one, where Superset reads it.
     */
    public record Options(String name, int port, boolean anonymousViewers, Optional<TrinoPassword> trinoPassword) {
        public Options(String name, int port, boolean anonymousViewers) {
            this(name, port, anonymousViewers, Optional.empty());
        }
    }

    /** The Trino user of the dashboards' database and the file holding its password (0600). */
    /** The manager's password file, for the stack's own Trino only (its host and port). */
    public record TrinoPassword(String user, Path file, String host, int port) {}

    private final StackLayout layout;
    private final StackSecrets secrets;
    private final SupersetInstall install;
    private final Options options;
    private final ServiceProcess process;
    private final Consumer<String> progress;

    public LocalSuperset(StackLayout layout, SupersetInstall install, Options options, Consumer<String> progress) {
        this.layout = layout;
        this.secrets = StackSecrets.of(layout);
        this.install = install;
        this.options = options;
        this.process = new ServiceProcess(options.name(), layout);
        this.progress = progress;
    }

    public Path home() {
        return layout.dataDir().resolve(options.name());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + options.port() + "/");
    }

    public ServiceProcess process() {
        return process;
    }

    public Path adminPasswordFile() {
        return secretFile("admin.password", "admin");
    }

    public String adminPassword() throws IOException {
        return Files.readString(ensureSecret("admin.password", "admin")).strip();
    }

    /**
     * One of this instance's secrets: {@code secrets/<name>-<secret>.password}, so the leak checks
     * look for it too, unless a data directory from before keeps it beside the metadata, which
     * depends on it (the admin's password hash, what the key encrypted): then there.
     */
    private Path secretFile(String before, String secret) {
        Path old = home().resolve(before);
        return Files.exists(old) ? old : secrets.fileOf(options.name() + "-" + secret);
    }

    /** The same, generated (0600) if it is in neither place. */
    private Path ensureSecret(String before, String secret) {
        Path file = secretFile(before, secret);
        return Files.exists(file) ? file : secrets.passwordFile(options.name() + "-" + secret);
    }

    /** The home holds the metadata (with the admin's password hash): owner only. */
    private void createHome() throws IOException {
        if (!Files.isDirectory(home())) {
            Files.createDirectories(home().getParent());
            Files.createDirectory(
                    home(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** Removes the metadata, so the next start imports into an empty Superset. */
    public void reset() throws IOException {
        if (process.running().isPresent()) {
            throw new IllegalStateException(options.name() + " is running (pid "
                    + process.running().get().pid() + "); stop it first");
        }
        for (String f : List.of("superset.db", "initialised", "superset_config.py")) {
            Files.deleteIfExists(home().resolve(f));
        }
    }

    /**
     * Writes the configuration and, the first time, creates the metadata and the admin user; after
     * a change of Superset version, migrates the metadata.
     */
    public void prepare() throws IOException, InterruptedException {
        install.ensure();
        createHome();
        Path keyFile = ensureSecret("secret.key", "secret-key");
        Files.writeString(
                config(),
                configPy(home().resolve("superset.db"), keyFile, options.anonymousViewers(), options.trinoPassword()));
        Path marker = home().resolve("initialised");
        String initialisedWith = Files.exists(marker) ? Files.readString(marker).strip() : null;
        if (SupersetInstall.VERSION.equals(initialisedWith)) {
            return;
        }
        long t0 = System.nanoTime();
        progress.accept((initialisedWith == null
                        ? "initialising Superset metadata (SQLite) in "
                        : "migrating Superset metadata from " + initialisedWith + " in ")
                + home());
        runSuperset("create the metadata", null, "db", "upgrade");
        if (initialisedWith == null) {
            // the password is typed at its prompt (stdin), never on a command line that ps shows
            String pw = adminPassword();
            runSuperset(
                    "create the admin user",
                    pw + "\n" + pw + "\n",
                    "fab",
                    "create-admin",
                    "--username",
                    ADMIN,
                    "--firstname",
                    "Civic",
                    "--lastname",
                    "Admin",
                    "--email",
                    "admin@localhost.invalid");
        }
        runSuperset("create roles and permissions", null, "init");
        Files.writeString(marker, SupersetInstall.VERSION + "\n");
        progress.accept(String.format("Superset ready in %.0f s", (System.nanoTime() - t0) / 1e9));
    }

    /**
     * Imports a bundle with Superset's own command, straight into the metadata, as the admin user.
     * The verification instance uses it: with anonymous viewers on, its REST API treats every
     * request as the anonymous user, who cannot own what it imports.
     */
    public void importBundle(Path zip) throws IOException, InterruptedException {
        runSuperset("import the dashboards", null, "import-dashboards", "-p", zip.toString(), "-u", ADMIN);
    }

    /** Starts the web server (unless it runs) and waits until it answers. */
    public void start(Duration timeout) throws IOException, InterruptedException {
        SupersetApi api = new SupersetApi(url(), Duration.ofSeconds(30));
        if (process.running().isPresent() && api.healthy()) {
            progress.accept("Superset already running at " + url());
            return;
        }
        process.stop(Duration.ofSeconds(10));
        if (Probes.portOpen(options.port())) {
            throw new IllegalStateException(
                    "port " + options.port() + " on 127.0.0.1 is taken by another program; choose another with --port");
        }
        List<String> command = new ArrayList<>(List.of(
                install.python().toString(),
                "-X",
                process.marker(),
                install.supersetScript().toString(),
                "run",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(options.port()),
                "--with-threads"));
        long t0 = System.nanoTime();
        process.start(command, env(), home());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!api.healthy()) {
            if (process.running().isEmpty()) {
                throw new IllegalStateException("Superset exited during start-up (is port " + options.port()
                        + " free?); last lines of " + process.logFile() + ":\n" + process.logTail(20));
            }
            if (System.nanoTime() > deadline) {
                String tail = process.logTail(20);
                stop();
                throw new IllegalStateException("Superset did not answer within " + timeout.toSeconds()
                        + " s (stopped it); last lines of " + process.logFile() + ":\n" + tail);
            }
            Thread.sleep(500);
        }
        progress.accept(String.format(
                "Superset up in %.1f s at %s (log %s)", (System.nanoTime() - t0) / 1e9, url(), process.logFile()));
    }

    public boolean stop() {
        return process.stop(Duration.ofSeconds(15));
    }

    private Path config() {
        return home().resolve("superset_config.py");
    }

    private Map<String, String> env() {
        return Map.of(
                "SUPERSET_CONFIG_PATH",
                config().toString(),
                "SUPERSET_HOME",
                home().toString(),
                "FLASK_APP",
                "superset",
                "PYTHONUNBUFFERED",
                "1",
                // when set, requests lets these replace the CA a connection names itself (psf/requests#3829):
                // the Trino database's own CA (connect_args verify, the stack's ca.pem) would be ignored
                "REQUESTS_CA_BUNDLE",
                "",
                "CURL_CA_BUNDLE",
                "");
    }

    private void runSuperset(String what, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(install.supersetScript().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home().toFile());
        pb.environment().putAll(env());
        LoggedCommand.run(
                pb, layout.logs().resolve(options.name() + "-init.log"), what, stdin, Duration.ofMinutes(5), progress);
    }

    /**
     * The superset_config.py of a local instance. Pure, for tests. The secret key is read from its
     * file at start-up, so it is not copied into the configuration.
     */
    static String configPy(Path metadataDb, Path secretKeyFile, boolean anonymousViewers) {
        return configPy(metadataDb, secretKeyFile, anonymousViewers, Optional.empty());
    }

    /**
     * The same, with the Trino password read from its file at each new connection (Superset's
     * DB_CONNECTION_MUTATOR), so it is neither in the bundle nor in Superset's metadata and logs.
     */
    static String configPy(
            Path metadataDb, Path secretKeyFile, boolean anonymousViewers, Optional<TrinoPassword> trinoPassword) {
        StringBuilder py = new StringBuilder();
        py.append(
                "# Written by `civic dashboards`: a local Superset for the civic-insights dashboards. Rewritten at every start.\n");
        py.append("from pathlib import Path\n\n");
        py.append("SECRET_KEY = Path(")
                .append(pyString(secretKeyFile.toString()))
                .append(").read_text().strip()\n");
        py.append("SQLALCHEMY_DATABASE_URI = ")
                .append(pyString("sqlite:///" + metadataDb))
                .append("\n");
        py.append("# the dashboards are in Italian; so is the interface (English for those who choose it)\n");
        py.append("BABEL_DEFAULT_LOCALE = \"it\"\n");
        py.append(
                "LANGUAGES = {\"it\": {\"flag\": \"it\", \"name\": \"Italiano\"}, \"en\": {\"flag\": \"us\", \"name\": \"English\"}}\n");
        py.append("# charts over a day of 2.5 M contacts a year can take more than the default 60 s on a laptop\n");
        py.append("SUPERSET_WEBSERVER_TIMEOUT = 180\n");
        py.append("SQLLAB_TIMEOUT = 180\n");
        if (anonymousViewers) {
            py.append(
                    "# verification instance only (127.0.0.1, stopped after the check): the headless browser opens\n");
            py.append("# dashboards without a login form\n");
            py.append("PUBLIC_ROLE_LIKE = \"Admin\"\n");
        }
        trinoPassword.ifPresent(t -> {
            py.append(
                    "# Trino asks for a password: read from its 0600 file when Superset opens a connection, so it is\n");
            py.append("# stored neither in the dashboards bundle nor in Superset's metadata (nor its logs table)\n");
            py.append("def DB_CONNECTION_MUTATOR(uri, params, username, security_manager, source):\n");
            // only to the stack's own Trino: a Superset user who may add a database must not be able
            // to point one at another host and receive the password
            py.append("    if (uri.drivername == \"trino\" and uri.username == ")
                    .append(pyString(t.user()))
                    .append(" and uri.host == ")
                    .append(pyString(t.host()))
                    .append(" and uri.port == ")
                    .append(t.port())
                    .append(" and not uri.password):\n");
            py.append("        uri = uri.set(password=Path(")
                    .append(pyString(t.file().toString()))
                    .append(").read_text().strip())\n");
            py.append("    return uri, params\n");
        });
        return py.toString();
    }

    private static String pyString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
