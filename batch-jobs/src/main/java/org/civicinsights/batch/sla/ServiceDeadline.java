package org.civicinsights.batch.sla;

import java.io.Serializable;
import org.civicinsights.common.calendar.DeadlineKind;

/** A service's legal deadline from ref.services: days, counted as working or calendar days. */
public record ServiceDeadline(String serviceCode, int deadlineDays, DeadlineKind kind) implements Serializable {}
