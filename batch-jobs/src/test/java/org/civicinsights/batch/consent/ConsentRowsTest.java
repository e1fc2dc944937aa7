package org.civicinsights.batch.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Locale;
import org.civicinsights.batch.consent.ConsentRows.Consent;
import org.civicinsights.batch.consent.ConsentRows.Header;
import org.civicinsights.batch.consent.ConsentRows.Rejection;
import org.civicinsights.batch.consent.ConsentRows.Result;
import org.civicinsights.batch.consent.ConsentRows.Suppression;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.FiscalCode;
import org.junit.jupiter.api.Test;

class ConsentRowsTest {
    static final CitizenPseudonymiser P = new CitizenPseudonymiser("consent-rows-test-key-32-bytes!!".getBytes());
    static final String CODE = FiscalCode.withCheckCharacter("RSSMRA85T10A562");
    static final Header CONSENT = ConsentRows.header(
            "fiscal_code,channel,granted,consent_at,source",
            ConsentRows.CONSENT_REQUIRED,
            ConsentRows.CONSENT_OPTIONAL);
    static final Header SUPPRESSION = ConsentRows.header(
            "fiscal_code,reason,since,until", ConsentRows.SUPPRESSION_REQUIRED, ConsentRows.SUPPRESSION_OPTIONAL);

    static Result consent(String line) {
        return ConsentRows.consent(CONSENT, 7, line, P);
    }

    static Rejection rejected(Result r, String reason) {
        assertThat(r).isInstanceOf(Rejection.class);
        Rejection j = (Rejection) r;
        assertThat(j.reason()).isEqualTo(reason);
        assertThat(j.line()).isEqualTo(7);
        assertThat(j.detail())
                .isNotBlank()
                .doesNotContainIgnoringCase(CODE)
                .doesNotContainIgnoringCase(CODE.substring(0, 15));
        assertThat(CitizenPseudonymiser.containsFiscalCodeShape(j.detail())).isFalse();
        return j;
    }

    @Test
    void aValidRowBecomesAConsentWithTheCitizenKey() {
        assertThat(FiscalCode.isValid(CODE)).isTrue();
        Result r = consent(CODE + ",email,true,2026-03-01T10:15:00+01:00,portale");
        assertThat(r)
                .isEqualTo(new Consent(
                        7, P.citizenKey(CODE), "email", true, Instant.parse("2026-03-01T09:15:00Z"), "portale"));
        assertThat(r.toString()).doesNotContain(CODE);
    }

    @Test
    void grantedFalseIsAWithdrawal() {
        Consent c = (Consent) consent(CODE + ",sms,FALSE,2026-03-02T08:00:00Z,");
        assertThat(c.granted()).isFalse();
        assertThat(c.source()).isNull();
        assertThat(c.consentAt()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
    }

    @Test
    void aLowerCaseCodeGivesTheSameKey() {
        Consent c = (Consent) consent(" " + CODE.toLowerCase(Locale.ROOT) + " , APP_IO ,true,2026-03-01T10:15:00Z,crm");
        assertThat(c.citizenKey()).isEqualTo(P.citizenKey(CODE));
        assertThat(c.channel()).isEqualTo("app_io");
    }

    @Test
    void anOmocodicCodeIsValid() {
        String omocodic = FiscalCode.withOmocodia(CODE, 2);
        assertThat(omocodic).isNotEqualTo(CODE);
        Consent c = (Consent) consent(omocodic + ",call,true,2026-03-01T10:15:00Z,crm");
        assertThat(c.citizenKey()).isEqualTo(P.citizenKey(omocodic));
    }

    @Test
    void aWrongCheckCharacterIsRejectedWithoutTheCode() {
        char wrong = CODE.charAt(15) == 'A' ? 'B' : 'A';
        String bad = CODE.substring(0, 15) + wrong;
        Rejection j = rejected(consent(bad + ",email,true,2026-03-01T10:15:00Z,crm"), ConsentRows.INVALID_FISCAL_CODE);
        assertThat(j.detail()).contains("check character").doesNotContain(bad);
    }

    @Test
    void aBadChannelIsRejected() {
        rejected(consent(CODE + ",pigeon,true,2026-03-01T10:15:00Z,crm"), ConsentRows.INVALID_CHANNEL);
        // a shifted line puts the code where the channel should be: still not echoed
        rejected(consent("x," + CODE + ",true,2026-03-01T10:15:00Z,crm"), ConsentRows.INVALID_FISCAL_CODE);
        rejected(
                ConsentRows.consent(CONSENT, 7, CODE + "," + CODE + ",true,2026-03-01T10:15:00Z,crm", P),
                ConsentRows.INVALID_CHANNEL);
    }

    @Test
    void aBadTimestampIsRejected() {
        rejected(consent(CODE + ",email,true,2026-03-01T10:15:00,crm"), ConsentRows.INVALID_TIMESTAMP); // no offset
        rejected(consent(CODE + ",email,true,01/03/2026,crm"), ConsentRows.INVALID_TIMESTAMP);
        rejected(consent(CODE + ",email,true,2026-02-30T10:00:00Z,crm"), ConsentRows.INVALID_TIMESTAMP);
    }

    @Test
    void aBadBooleanIsRejected() {
        rejected(consent(CODE + ",email,yes,2026-03-01T10:15:00Z,crm"), ConsentRows.INVALID_BOOLEAN);
    }

    @Test
    void missingColumnsAndFieldsAreRejected() {
        rejected(consent(CODE + ",email,true"), ConsentRows.MISSING_FIELD);
        rejected(consent(CODE + ",email,,2026-03-01T10:15:00Z,crm"), ConsentRows.MISSING_FIELD);
        Rejection j = rejected(consent(",email,true,2026-03-01T10:15:00Z,crm"), ConsentRows.MISSING_FIELD);
        assertThat(j.detail()).isEqualTo("fiscal_code is empty");
        rejected(consent(CODE + ",email,true,2026-03-01T10:15:00Z,crm,extra"), ConsentRows.MALFORMED_LINE);
        rejected(consent("\"" + CODE + ",email,true,2026-03-01T10:15:00Z,crm"), ConsentRows.MALFORMED_LINE);
    }

    @Test
    void quotedFieldsAreRead() {
        Consent c = (Consent)
                consent("\"" + CODE + "\",email,true,2026-03-01T10:15:00Z,\"sportello, \"\"Municipio I\"\"\"");
        assertThat(c.source()).isEqualTo("sportello, \"Municipio I\"");
    }

    @Test
    void aCodeInTheSourceIsPseudonymised() {
        Consent c = (Consent) consent(CODE + ",email,true,2026-03-01T10:15:00Z,operator note " + CODE);
        assertThat(c.source()).doesNotContain(CODE).contains(CitizenPseudonymiser.TEXT_MARKER + P.citizenKey(CODE));
    }

    @Test
    void theHeaderNeedsTheRequiredColumnsInAnyOrder() {
        Header h = ConsentRows.header(
                "\uFEFFConsent_At, granted ,channel,fiscal_code",
                ConsentRows.CONSENT_REQUIRED,
                ConsentRows.CONSENT_OPTIONAL);
        Consent c = (Consent) ConsentRows.consent(h, 2, "2026-03-01T10:15:00Z,true,email," + CODE, P);
        assertThat(c.channel()).isEqualTo("email");
        assertThat(c.source()).isNull();
        assertThatThrownBy(() -> ConsentRows.header(
                        "fiscal_code,channel,consent_at", ConsentRows.CONSENT_REQUIRED, ConsentRows.CONSENT_OPTIONAL))
                .hasMessageContaining("lacks required column(s) granted");
        assertThatThrownBy(() -> ConsentRows.header(
                        "fiscal_code,channel,granted,consent_at,sorce",
                        ConsentRows.CONSENT_REQUIRED,
                        ConsentRows.CONSENT_OPTIONAL))
                .hasMessageContaining("unknown column(s) sorce");
        assertThatThrownBy(() -> ConsentRows.header("", ConsentRows.CONSENT_REQUIRED, ConsentRows.CONSENT_OPTIONAL))
                .hasMessageContaining("no header");
    }

    @Test
    void suppressionDatesAreRomeDaysAndUntilIncludesItsDay() {
        Suppression s =
                (Suppression) ConsentRows.suppression(SUPPRESSION, 3, CODE + ",deceased,2026-03-01,2026-03-31", P);
        assertThat(s)
                .isEqualTo(new Suppression(
                        3,
                        P.citizenKey(CODE),
                        "deceased",
                        Instant.parse("2026-02-28T23:00:00Z"),
                        Instant.parse("2026-03-31T22:00:00Z"),
                        null));
        Suppression open = (Suppression)
                ConsentRows.suppression(SUPPRESSION, 4, CODE + ",DO_NOT_CONTACT,2026-03-01T12:00:00Z,", P);
        assertThat(open.until()).isNull();
        assertThat(open.reason()).isEqualTo("do_not_contact");
    }

    @Test
    void badSuppressionsAreRejected() {
        assertThat(((Rejection) ConsentRows.suppression(SUPPRESSION, 7, CODE + ",on_holiday,2026-03-01,", P)).reason())
                .isEqualTo(ConsentRows.INVALID_REASON);
        assertThat(((Rejection) ConsentRows.suppression(SUPPRESSION, 7, CODE + ",moved_away,yesterday,", P)).reason())
                .isEqualTo(ConsentRows.INVALID_TIMESTAMP);
        assertThat(((Rejection) ConsentRows.suppression(SUPPRESSION, 7, CODE + ",moved_away,2026-03-01,2026-13-01", P))
                        .reason())
                .isEqualTo(ConsentRows.INVALID_TIMESTAMP);
        assertThat(((Rejection) ConsentRows.suppression(SUPPRESSION, 7, CODE + ",moved_away,2026-03-01,2026-02-01", P))
                        .reason())
                .isEqualTo(ConsentRows.INVALID_INTERVAL);
        assertThat(((Rejection) ConsentRows.suppression(SUPPRESSION, 7, CODE + ",moved_away", P)).reason())
                .isEqualTo(ConsentRows.MISSING_FIELD);
    }
}
