package org.civicinsights.common.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a fiscal code with a keyed HMAC-SHA256 citizen key. The same code and key always give
 * the same citizen key, so profiles join across channels, while without the key the code cannot be
 * recovered or confirmed by brute force over the (small) space of plausible codes.
 */
public final class CitizenPseudonymiser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";

    /** Marks a token that was replaced in free text, so a reader knows it is already a pseudonym. */
    public static final String TEXT_MARKER = "pseudonym:";

    private static final Pattern FISCAL_CODE_SHAPE = FiscalCode.SHAPE;

    private final byte[] key;
    private transient Mac mac;

    public CitizenPseudonymiser(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("pseudonymisation key must have at least 16 bytes");
        }
        this.key = key.clone();
    }

    /** Citizen key (64 lower-case hex characters) of a fiscal code, after normalisation. */
    public String citizenKey(String fiscalCode) {
        byte[] digest = mac().doFinal(FiscalCode.normalise(fiscalCode).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(digest);
    }

    /**
     * The one scrub of free text (a feedback, a note, a raw payload, a message), for streaming and
     * batch alike: every fiscal-code-shaped token becomes its pseudonym, then e-mail addresses, phone
     * numbers, IBANs and identity document numbers become typed masks ({@link PersonalDataMask}).
     */
    public String scrub(String text) {
        return PersonalDataMask.mask(pseudonymiseFiscalCodes(text));
    }

    /**
     * Only the fiscal-code part of {@link #scrub}, for identifier fields (anonymous id, case id,
     * operator id, session id): a typed mask there would merge distinct identifiers into one.
     */
    public String pseudonymiseFiscalCodes(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FISCAL_CODE_SHAPE.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        do {
            m.appendReplacement(out, TEXT_MARKER + citizenKey(m.group()));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** True if the text still holds something shaped like a fiscal code. */
    public static boolean containsFiscalCodeShape(String text) {
        return text != null && FISCAL_CODE_SHAPE.matcher(text).find();
    }

    private Mac mac() {
        if (mac == null) {
            try {
                Mac m = Mac.getInstance(ALGORITHM);
                m.init(new SecretKeySpec(key, ALGORITHM));
                mac = m;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        }
        return mac;
    }
}
