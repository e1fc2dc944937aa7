package org.civicinsights.common.event;

/** Why an incoming record did not become an interaction. Stored as the lower-case name. */
public enum RejectionReason {
    INVALID_JSON,
    NOT_AN_OBJECT,
    UNSUPPORTED_SCHEMA_VERSION,
    MISSING_FIELD,
    INVALID_FIELD,
    UNKNOWN_EVENT_TYPE,
    UNKNOWN_CHANNEL,
    INVALID_FISCAL_CODE,
    MISSING_CITIZEN_IDENTITY,
    EVENT_TIME_IN_FUTURE,
    EVENT_TIME_TOO_OLD;

    public String code() {
        return name().toLowerCase();
    }
}
