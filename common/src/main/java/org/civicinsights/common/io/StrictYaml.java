package org.civicinsights.common.io;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the project's hand-written YAML (importer mappings, segment and campaign definitions,
 * dashboard sources) as plain data: maps, lists, and scalars. Strict on purpose:
 * <ul>
 *   <li>SnakeYAML's safe constructor: no Java types, whatever tags the text has;</li>
 *   <li>a key given twice in a mapping is an error, not a silent overwrite;</li>
 *   <li>a single document;</li>
 *   <li>no timestamps: an unquoted {@code 2026-01-01} stays text (SnakeYAML would turn an invalid
 *       {@code 2026-02-30} into 2 March), for the caller to parse strictly.</li>
 * </ul>
 * The {@link Scalars} say which other implicit types the caller wants.
 */
public final class StrictYaml {
    /** How plain (unquoted) scalars are read. */
    public enum Scalars {
        /**
         * Every scalar is text: {@code no}, {@code on} or {@code 010} stay strings; only {@code ~},
         * {@code null} and empty values are null.
         */
        TEXT,
        /** YAML 1.1 implicit types (booleans, integers, floats, null), except timestamps, which stay text. */
        TYPED
    }

    /** YAML that cannot be read; the message is SnakeYAML's, with the line and column. */
    public static final class InvalidYaml extends RuntimeException {
        InvalidYaml(YAMLException cause) {
            super(String.valueOf(cause.getMessage()), cause);
        }

        /**
         * The problem on one line, without SnakeYAML's excerpt of the text: e.g. {@code while
         * constructing a mapping: found duplicate key name (line 5, column 1)}.
         */
        public String summary() {
            if (getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
                Mark at = m.getProblemMark();
                return (m.getContext() == null ? "" : m.getContext() + ": ")
                        + m.getProblem()
                        + (at == null ? "" : " (line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")");
            }
            return getMessage().lines().findFirst().orElse("");
        }
    }

    private StrictYaml() {}

    /**
     * The document of {@code yaml}: a {@code Map}, a {@code List}, a scalar, or null for an empty
     * document.
     *
     * @throws InvalidYaml when the text is not valid YAML, has a key twice, or more than one document
     */
    public static Object load(String yaml, Scalars scalars) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        DumperOptions dumper = new DumperOptions();
        Resolver resolver = scalars == Scalars.TEXT ? new TextResolver() : new NoTimestamps();
        try {
            return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, resolver)
                    .load(yaml);
        } catch (YAMLException e) {
            throw new InvalidYaml(e);
        }
    }

    /** Resolves only null implicitly: every other scalar stays text. */
    private static final class TextResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }

    /** SnakeYAML's implicit types but timestamps. */
    private static final class NoTimestamps extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first);
            }
        }

        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
