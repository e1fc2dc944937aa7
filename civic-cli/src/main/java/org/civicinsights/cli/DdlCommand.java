package org.civicinsights.cli;

import java.sql.Connection;
import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.ddl.Migration;
import org.civicinsights.ddl.Migrations;
import org.civicinsights.ddl.Views;
import org.civicinsights.ddl.WarehouseMigrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "ddl",
        mixinStandardHelpOptions = true,
        description = "Manage the lake's schema (warehouse-ddl migrations).",
        subcommands = {DdlCommand.Migrate.class, DdlCommand.ApplyViews.class, DdlCommand.ListMigrations.class})
public class DdlCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "migrate",
            mixinStandardHelpOptions = true,
            description = {
                "Apply pending migrations through Trino (idempotent), reload ref.services (and ref.calendar when",
                "its rules changed), and create or replace the analyst views (lake.reporting)."
            })
    static class Migrate implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Override
        public Integer call() throws Exception {
            try (Connection c = TrinoConnections.open(context.config(), TrinoRole.DDL)) {
                WarehouseMigrator.Report r = new WarehouseMigrator(c, System.out::println)
                        .migrate(Migrations.bundled(), ServiceCatalogue.bundled());
                System.out.printf(
                        "migrations: %d applied, %d already applied; ref.services: %d services; ref.calendar: %s;"
                                + " views: %d applied, %d waiting for their tables%n",
                        r.applied().size(),
                        r.alreadyApplied(),
                        r.servicesLoaded(),
                        r.calendarReloaded() ? "reloaded" : "up to date",
                        r.views().applied().size(),
                        r.views().waiting().size());
            }
            return 0;
        }
    }

    @Command(
            name = "views",
            mixinStandardHelpOptions = true,
            description = {
                "Create or replace the analyst views (lake.reporting) whose tables exist; `civic batch run`",
                "does this after each run. Views over tables no job has written yet are listed as waiting."
            })
    static class ApplyViews implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @picocli.CommandLine.Option(
                names = "--missing-only",
                description = "Create only the views that do not exist yet (what `civic batch run` does after a run);"
                        + " existing ones are left as they are.")
        boolean missingOnly;

        @Override
        public Integer call() throws Exception {
            try (Connection c = TrinoConnections.open(context.config(), TrinoRole.DDL)) {
                WarehouseMigrator.ViewReport r =
                        new WarehouseMigrator(c, System.out::println).applyViews(Views.bundled(), missingOnly);
                System.out.printf(
                        "views: %d applied, %d waiting for their tables%n",
                        r.applied().size(), r.waiting().size());
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the migrations shipped with this build.")
    static class ListMigrations implements Callable<Integer> {
        @Override
        public Integer call() {
            for (Migration m : Migrations.bundled()) {
                System.out.printf(
                        "V%03d  %s  (%d statements, sha256 %s)%n",
                        m.version(),
                        m.description(),
                        m.statements().size(),
                        m.checksum().substring(0, 12));
            }
            return 0;
        }
    }
}
