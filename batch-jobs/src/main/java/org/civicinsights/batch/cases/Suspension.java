package org.civicinsights.batch.cases;

import java.time.Instant;

/** A period in which the case waited for the citizen and its deadline did not run; open while resumedAt is null. */
public record Suspension(Instant suspendedAt, Instant resumedAt) {}
