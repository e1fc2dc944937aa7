package org.civicinsights.cli;

import java.util.Optional;
import java.util.function.Supplier;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.FiscalCode;

/**
 * A fiscal code a person typed (any case, blanks anywhere), turned into its citizen key here with
 * the platform's key: the one code path of `civic story` and `civic privacy erase`, so both reach
 * the same person. An invalid code is refused without repeating it.
 */
final class TypedFiscalCode {
    private TypedFiscalCode() {}

    /** The code without its blanks (what is validated and pseudonymised). */
    static String compact(String typed) {
        return typed.replaceAll("\\s+", "");
    }

    /**
     * The citizen key of {@code typed}; {@code what} names the input in the error ("the argument",
     * "line 3 of standard input"). The pseudonymiser is only asked for once the code is valid.
     */
    static String citizenKey(String typed, String what, Supplier<CitizenPseudonymiser> pseudonymiser) {
        String code = compact(typed);
        Optional<String> problem = FiscalCode.problem(code);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(what + " is not a valid fiscal code ("
                    + problem.get().replaceFirst("^fiscal code ", "") + "); it is not repeated here");
        }
        return pseudonymiser.get().citizenKey(code);
    }
}
