package org.civicinsights.common.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Text files bundled in the jars (catalogue, lexicon, mappings, definitions, migrations, views,
 * dashboard sources). A jar cannot list a folder, so a folder of bundled files has an
 * {@value #INDEX}: one name a line, in order; blank lines and lines starting with {@code #} are
 * ignored.
 *
 * <p>Names are classpath paths such as {@code migrations/index.txt}; a leading {@code /} is
 * allowed and ignored. A missing resource is an {@link IllegalStateException} naming it: the jar
 * was built without it.
 */
public final class BundledResources {
    /** The file of a folder that lists its bundled files. */
    public static final String INDEX = "index.txt";

    private BundledResources() {}

    /** The resource {@code name} as UTF-8 text. */
    public static String text(String name) {
        String text = textOrNull(name);
        if (text == null) {
            throw new IllegalStateException("resource " + path(name) + " is missing from the classpath");
        }
        return text;
    }

    /** The resource {@code name} as UTF-8 text, or null when the classpath has no such resource. */
    public static String textOrNull(String name) {
        String path = path(name);
        try (InputStream in = BundledResources.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }

    /** The names listed in {@code <dir>/index.txt}, stripped, in order (blank lines and # comments skipped). */
    public static List<String> names(String dir) {
        String index = folder(dir) + INDEX;
        String text = textOrNull(index);
        if (text == null) {
            throw new IllegalStateException("index " + index + " is missing from the classpath");
        }
        return indexNames(text);
    }

    /** The names of index text: its lines stripped, without blank lines and # comments. */
    public static List<String> indexNames(String indexText) {
        return indexText
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    /**
     * The text of {@code <dir>/<file>}, a file listed in the folder's index; when it is missing the
     * message says that the index lists it.
     */
    public static String listed(String dir, String file) {
        String name = folder(dir) + file;
        String text = textOrNull(name);
        if (text == null) {
            throw new IllegalStateException(
                    name + " is listed in " + folder(dir) + INDEX + " but missing from the classpath");
        }
        return text;
    }

    private static String folder(String dir) {
        String d = path(dir);
        return d.isEmpty() || d.endsWith("/") ? d : d + "/";
    }

    private static String path(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
