package org.civicinsights.common.event;

import java.io.Serializable;

/** A record that failed the contract: reason code and a human-readable detail free of personal data. */
public record Rejection(RejectionReason reason, String detail) implements Serializable {}
