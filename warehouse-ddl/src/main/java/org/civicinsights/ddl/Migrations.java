package org.civicinsights.ddl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The migrations shipped in this jar, in order ({@code migrations/index.txt} lists them). */
public final class Migrations {
    private Migrations() {
    }

    public static List<Migration> bundled() {
        List<Migration> out = new ArrayList<>();
        for (String name : read("index.txt").split("\n")) {
            if (!name.isBlank()) {
                out.add(Migration.of(name.strip(), read(name.strip())));
            }
        }
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).version() <= out.get(i - 1).version()) {
                throw new IllegalStateException("migrations must have increasing versions: " + out.get(i - 1).version()
                        + " then " + out.get(i).version());
            }
        }
        return out;
    }

    private static String read(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("/migrations/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
