package org.civicinsights.common.event;

/** Either an accepted (already pseudonymised) event or a rejection. */
public record ParseOutcome(InteractionEvent event, Rejection rejection) {
    public static ParseOutcome accepted(InteractionEvent event) {
        return new ParseOutcome(event, null);
    }

    public static ParseOutcome rejected(RejectionReason reason, String detail) {
        return new ParseOutcome(null, new Rejection(reason, detail));
    }

    public boolean isAccepted() {
        return event != null;
    }
}
