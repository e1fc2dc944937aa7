package org.civicinsights.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Every Parquet file under a warehouse directory, read value by value with Parquet's own reader
 * (pages are compressed: a byte search would miss a key): which files hold any of some strings.
 * Live files, files of expired snapshots and orphans alike, since it walks the directory, not the
 * tables' metadata.
 */
final class WarehouseParquetScan {
    /** What a scan found: how many files it read and, per string, the files holding it. */
    record Result(int files, Map<String, List<Path>> holders) {
        List<Path> holding(String s) {
            return holders.getOrDefault(s, List.of());
        }
    }

    private WarehouseParquetScan() {}

    @SuppressWarnings("deprecation") // the Path builder is the short way to a Group reader on a local file
    static Result scan(Path warehouse, Collection<String> strings) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(warehouse)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        }
        Configuration conf = new Configuration();
        Map<String, List<Path>> holders = new TreeMap<>();
        for (Path file : files) {
            try (ParquetReader<Group> reader = ParquetReader.builder(
                            new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                    .withConf(conf)
                    .build()) {
                List<String> missing = new ArrayList<>(strings);
                for (Group row; !missing.isEmpty() && (row = reader.read()) != null; ) {
                    // every column's value as text (binary columns decoded as UTF-8), nested ones included
                    String text = row.toString();
                    missing.removeIf(s -> {
                        if (text.contains(s)) {
                            holders.computeIfAbsent(s, k -> new ArrayList<>()).add(file);
                            return true;
                        }
                        return false;
                    });
                }
            }
        }
        return new Result(files.size(), holders);
    }
}
