package org.civicinsights.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Test support for the jobs' modules: reads the Kubernetes manifests under {@code deploy/kubernetes}
 * and checks what one of them gives a job (its {@code --key value} arguments and its CIVIC_*
 * environment variables) against the keys the job accepts. Each problem names the manifest and the
 * key, so a failing build says what to fix.
 */
public final class DeploymentManifests {
    /** deploy/kubernetes of this checkout: tests run in their module's directory. */
    public static final Path DIR = Path.of("..", "deploy", "kubernetes");

    private static final String CATALOG_PREFIX = "catalog.";
    private static final String FILE_SUFFIX = "-file";

    /**
     * Where Iceberg declares its catalog, FileIO and client property names (in the jobs' Iceberg
     * runtimes; the AWS ones initialise only with iceberg-aws-bundle beside them, Azure's not
     * without the Azure SDK, which the jobs do not carry).
     */
    private static final List<String> ICEBERG_PROPERTY_CLASSES = List.of(
            "org.apache.iceberg.CatalogProperties",
            "org.apache.iceberg.rest.RESTCatalogProperties",
            "org.apache.iceberg.rest.auth.OAuth2Properties",
            "org.apache.iceberg.aws.s3.S3FileIOProperties",
            "org.apache.iceberg.aws.AwsClientProperties",
            "org.apache.iceberg.aws.AwsProperties",
            "org.apache.iceberg.aws.HttpClientProperties",
            "org.apache.iceberg.gcp.GCPProperties");

    private DeploymentManifests() {}

    /**
     * A job started by a manifest.
     *
     * @param where the manifest, relative to {@link #DIR}, and the resource, for messages
     * @param args the job's arguments
     * @param env the environment variables of the container that runs the job's main(), as in the
     *     manifest ({@code name} with {@code value} or {@code valueFrom})
     */
    public record Launch(String where, List<?> args, List<Map<String, Object>> env) {}

    /**
     * A pod that runs the job's code and may open its catalog (a Flink JobManager or TaskManager, a
     * Spark driver or executor): what it mounts and from which volumes.
     *
     * @param where the manifest and the pod's role, for messages
     * @param volumeMounts the container's {@code volumeMounts}
     * @param volumes the pod's {@code volumes}
     * @param fsGroup the pod's {@code securityContext.fsGroup}, null when unset
     */
    public record Pod(
            String where, List<Map<String, Object>> volumeMounts, List<Map<String, Object>> volumes, Object fsGroup) {}

    /** Every YAML document of a manifest under {@link #DIR}. */
    public static List<Map<String, Object>> documents(String file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(DIR.resolve(file))) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(r)) {
                if (doc != null) {
                    docs.add(map(doc, file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DIR.resolve(file), e);
        }
        return docs;
    }

    /** The value at a dotted path ({@code spec.job.args}); fails naming the path when it is missing. */
    public static Object at(Map<String, Object> doc, String path, String where) {
        Object v = doc;
        for (String part : path.split("\\.")) {
            if (!(v instanceof Map<?, ?> m) || !m.containsKey(part)) {
                throw new AssertionError(where + ": no " + path);
            }
            v = m.get(part);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o, String where) {
        if (!(o instanceof Map<?, ?>)) {
            throw new AssertionError(where + ": expected a mapping, found " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> maps(Object o, String where) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l) || l.stream().anyMatch(e -> !(e instanceof Map<?, ?>))) {
            throw new AssertionError(where + ": expected a list of mappings, found " + o);
        }
        return (List<Map<String, Object>>) o;
    }

    /**
     * What is wrong with what a manifest gives a job: arguments that are not {@code --key value}
     * pairs of strings, keys the job does not read, CIVIC_* variables whose key (mapped as
     * CivicConfig maps them) it does not read, catalog.* keys whose property the Iceberg client
     * does not know, and secrets on the command line or written into the manifest.
     *
     * @param registry how the job's registry is called, for messages ({@code IngestJobSettings.ACCEPTED})
     * @param catalogProperties the property names the Iceberg catalog client knows ({@link #icebergProperties})
     */
    public static List<String> problems(
            Launch launch, AcceptedKeys accepted, String registry, Set<String> catalogProperties) {
        List<String> problems = new ArrayList<>();
        String at = launch.where() + ": ";
        List<String> args = new ArrayList<>();
        for (Object a : launch.args()) {
            if (a instanceof String s) {
                args.add(s);
            } else {
                problems.add(at + "argument " + a + " is not a string (quote it: Kubernetes takes only strings)");
            }
        }
        try {
            CivicConfig.fromArgs(args.toArray(String[]::new), Map.of());
        } catch (IllegalArgumentException e) {
            problems.add(at + "the arguments do not parse as the job reads them: " + e.getMessage());
        }
        for (String key : argumentKeys(args)) {
            String what = "argument --" + key;
            check(problems, at, what, key, false, accepted, registry, catalogProperties);
            if (secretLooking(key)) {
                problems.add(
                        at + what + " is a secret: give it as a CIVIC_* variable from a Secret, never an argument");
            }
        }
        for (Map<String, Object> variable : launch.env()) {
            String name = String.valueOf(variable.get("name"));
            String key = keyOfVariable(name);
            if (key == null) {
                continue; // not for CivicConfig (AWS_*, Flink's own variables)
            }
            String what = "variable " + name + " (key " + key + ")";
            check(problems, at, what, key, true, accepted, registry, catalogProperties);
            if (isSecretFile(key)) {
                continue; // a path, checked against the pods' mounts by secretFileProblems
            }
            if (hasFileForm(key)) {
                problems.add(at + what + " is a secret the job reads from a file: mount its Secret and set "
                        + variableOf(key + FILE_SUFFIX) + " to the file's path instead, so only the path travels"
                        + " with the job's settings");
            } else if (secretLooking(key) && !isSecretReference(variable.get("valueFrom"))) {
                problems.add(at + what + " is a secret: take it from a Secret (valueFrom.secretKeyRef), not a value");
            }
        }
        return problems;
    }

    private static void check(
            List<String> problems,
            String at,
            String what,
            String key,
            boolean fromVariable,
            AcceptedKeys accepted,
            String registry,
            Set<String> catalogProperties) {
        if (!accepted.accepts(key)) {
            problems.add(at + what + " is not a key the job reads (" + registry + ")");
        } else if (!accepted.keys().contains(key) && key.startsWith(CATALOG_PREFIX)) {
            String property = key.substring(CATALOG_PREFIX.length());
            if (!catalogProperties.contains(property)
                    && catalogProperties.stream().noneMatch(p -> p.endsWith(".") && property.startsWith(p))) {
                problems.add(at + what + " reaches the Iceberg catalog client as '" + property
                        + "', which is no Iceberg catalog or FileIO property"
                        + (fromVariable && !key.contains("-")
                                ? " (a hyphenated key missing from CivicConfig.HYPHENATED?)"
                                : ""));
            }
        }
    }

    /** The keys of {@code --key value}, {@code --key=value} and {@code --key} arguments, as CivicConfig reads them. */
    public static List<String> argumentKeys(List<String> args) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                continue; // reported by CivicConfig.fromArgs
            }
            String key = a.substring(2);
            if (key.contains("=")) {
                key = key.substring(0, key.indexOf('='));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                i++;
            }
            keys.add(key);
        }
        return keys;
    }

    /** The {@code --key value} pairs of arguments (the flag form {@code --key} alone is "true"). */
    public static Map<String, String> argumentValues(List<?> args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = String.valueOf(args.get(i));
            if (a.startsWith("--") && a.contains("=")) {
                values.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("--")) {
                boolean pair =
                        i + 1 < args.size() && !String.valueOf(args.get(i + 1)).startsWith("--");
                values.put(a.substring(2), pair ? String.valueOf(args.get(++i)) : "true");
            }
        }
        return values;
    }

    /** The key a CIVIC_* variable sets, as the jobs read it; null for a variable that is no setting. */
    public static String keyOfVariable(String name) {
        return CivicConfig.keyOfVariable(name).orElse(null);
    }

    /**
     * What is wrong with the secret files a manifest gives a job (CIVIC_* variables of keys such as
     * pseudonymisation.key-file and catalog.credential-file): each must be a path, given as a value,
     * to a file of a Secret mounted read-only at its folder on every pod that runs the job's code,
     * listed in the volume's items, with a mode that lets no other user read it, on a pod with an
     * fsGroup (the engines run as a non-root user, and the Secret's files are root's; Kubernetes
     * gives them to the fsGroup with group read). A Secret volume must not be optional: a missing
     * Secret is then an error, not a job without the secret.
     */
    public static List<String> secretFileProblems(Launch launch, List<Pod> pods) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> variable : launch.env()) {
            String name = String.valueOf(variable.get("name"));
            String key = keyOfVariable(name);
            if (key == null || !isSecretFile(key)) {
                continue;
            }
            String what = launch.where() + ": variable " + name;
            if (!(variable.get("value") instanceof String value) || !value.startsWith("/")) {
                problems.add(
                        what + " names a file: give its absolute path as a value, the file from a mounted" + " Secret");
                continue;
            }
            Path file = Path.of(value);
            for (Pod pod : pods) {
                problems.addAll(mountProblems(what + " (" + file + ")", file, pod));
            }
        }
        return problems;
    }

    private static List<String> mountProblems(String what, Path file, Pod pod) {
        String on = " on " + pod.where();
        Map<String, Object> mount = pod.volumeMounts().stream()
                .filter(m -> file.getParent().equals(Path.of(String.valueOf(m.get("mountPath")))))
                .findFirst()
                .orElse(null);
        if (mount == null) {
            return List.of(what + ": nothing is mounted at " + file.getParent() + on);
        }
        Map<String, Object> volume = pod.volumes().stream()
                .filter(v -> mount.get("name").equals(v.get("name")))
                .findFirst()
                .orElse(null);
        if (volume == null || !(volume.get("secret") instanceof Map<?, ?>)) {
            return List.of(what + ": the volume " + mount.get("name") + " mounted" + on + " is no Secret volume");
        }
        Map<String, Object> secret = map(volume.get("secret"), what);
        List<String> problems = new ArrayList<>();
        if (!Boolean.TRUE.equals(mount.get("readOnly"))) {
            problems.add(what + ": the mount of " + mount.get("name") + on + " is not readOnly");
        }
        if (Boolean.TRUE.equals(secret.get("optional"))) {
            problems.add(what + ": the Secret volume " + mount.get("name") + " is optional: a missing Secret would"
                    + " leave the job without the file instead of failing");
        }
        Map<String, Object> item = maps(secret.get("items"), what).stream()
                .filter(i -> file.getFileName().toString().equals(i.get("path")))
                .findFirst()
                .orElse(null);
        if (item == null) {
            problems.add(what + ": the Secret volume " + mount.get("name") + " lists no item " + file.getFileName());
            return problems;
        }
        // Kubernetes' default mode for a Secret's files is 0644: readable by every user of the pod
        Object given = item.getOrDefault("mode", secret.getOrDefault("defaultMode", 0644));
        int mode = given instanceof Integer i ? i : -1;
        if (mode < 0 || (mode & 0007) != 0) {
            problems.add(what + ": the Secret volume " + mount.get("name") + " gives its files mode "
                    + (mode < 0 ? given : "0" + Integer.toOctalString(mode))
                    + ", readable by other users: 0400 (Kubernetes adds group read for the fsGroup)");
        }
        if (pod.fsGroup() == null) {
            problems.add(what + ": " + pod.where() + " has no fsGroup: the engine's non-root user cannot read the"
                    + " Secret's files");
        }
        return problems;
    }

    /** The CIVIC_* variable that sets a key, as {@link CivicConfig#keyOfVariable} reads it back. */
    public static String variableOf(String key) {
        return "CIVIC_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A key naming a file that holds a secret (pseudonymisation.key-file, catalog.credential-file). */
    public static boolean isSecretFile(String key) {
        return key.endsWith(FILE_SUFFIX) && secretLooking(key.substring(0, key.length() - FILE_SUFFIX.length()));
    }

    /** A secret the jobs can also read from a file: its {@code -file} key is settable from the environment. */
    private static boolean hasFileForm(String key) {
        return secretLooking(key) && CivicConfig.HYPHENATED.contains(key + FILE_SUFFIX);
    }

    /** Keys that hold a secret: the platform's one rule. */
    public static boolean secretLooking(String key) {
        return CivicConfig.isSecret(key);
    }

    private static boolean isSecretReference(Object valueFrom) {
        return valueFrom instanceof Map<?, ?> m && m.get("secretKeyRef") instanceof Map<?, ?>;
    }

    /**
     * The property names Iceberg declares for catalogs, FileIOs and their clients (names ending in
     * a dot are prefixes, such as {@code header.}), read from Iceberg's own constants, and ours,
     * {@code credential-file}, which our auth manager reads in the catalog client; needs Iceberg on
     * the class path, as the jobs' modules have it.
     */
    public static Set<String> icebergProperties() {
        Set<String> names = new TreeSet<>(Set.of(IcebergCatalogProperties.CREDENTIAL_FILE));
        for (String className : ICEBERG_PROPERTY_CLASSES) {
            try {
                for (Field f : Class.forName(className).getFields()) {
                    if (Modifier.isStatic(f.getModifiers())
                            && f.getType() == String.class
                            && !f.getName().endsWith("_DEFAULT")) {
                        names.add((String) f.get(null));
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Iceberg's " + className + " is not on the class path", e);
            }
        }
        return names;
    }

    /** The file name of the jar the module's build writes (the shade plugin's outputFile in its pom). */
    public static String jarName(Path pom) {
        return pomValue(pom, "<outputFile>\\$\\{project\\.build\\.directory}/([^<]+)</outputFile>");
    }

    /** The Main-Class of the module's jar (the shade plugin's manifest transformer in its pom). */
    public static String mainClass(Path pom) {
        return pomValue(pom, "<mainClass>([^<]+)</mainClass>");
    }

    /** The first group of the first match in the pom; fails naming the pattern. */
    public static String pomValue(Path pom, String regex) {
        try {
            Matcher m = Pattern.compile(regex).matcher(Files.readString(pom));
            if (!m.find()) {
                throw new AssertionError(pom + " has nothing matching " + regex);
            }
            return m.group(1).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
