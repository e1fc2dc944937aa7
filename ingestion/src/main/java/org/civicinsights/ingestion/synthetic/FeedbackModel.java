package org.civicinsights.ingestion.synthetic;

import java.util.SplittableRandom;

/**
 * Turns a latent satisfaction (0 = furious, 1 = delighted) into survey answers: CSAT 1..5, NPS
 * 0..10 and sometimes an Italian comment drawn from templates that fit what happened (a long wait
 * on the phone, a case past its deadline, a rejected request, a pothole still there, ...).
 *
 * <p>The planners lower the satisfaction for long waits, breached deadlines, rejections and
 * reopened cases, so the scores of those interactions are visibly worse.
 */
public final class FeedbackModel {

    /** Where the survey was taken. */
    public enum Context {
        CALL,
        VISIT,
        CHAT,
        ONLINE,
        CASE,
        STREET
    }

    /** The main reason for a bad experience, if any. */
    public enum Cause {
        NONE,
        LONG_WAIT,
        DEADLINE_BREACHED,
        REJECTED,
        REOPENED,
        NOT_UNDERSTOOD
    }

    /** Survey answers; at least one is not null. */
    public record Answer(Integer csat, Integer nps, String text) {}

    private static final String[] POSITIVE_GENERIC = {
        "Servizio ottimo, grazie",
        "Tutto chiaro e veloce",
        "Finalmente un servizio che funziona",
        "Esperienza positiva, lo consiglierei"
    };
    private static final String[] POSITIVE_CALL = {
        "Operatore gentile e competente", "Tutto risolto con una sola telefonata", "Risposta chiara e tempestiva"
    };
    private static final String[] POSITIVE_VISIT = {
        "Personale dello sportello molto disponibile",
        "Poca attesa e pratica sbrigata subito",
        "Impiegata cortese e preparata"
    };
    private static final String[] POSITIVE_CHAT = {
        "L'assistente virtuale mi ha dato subito la risposta", "Chat utile e veloce"
    };
    private static final String[] POSITIVE_ONLINE = {
        "Servizio online semplice e veloce",
        "Certificato scaricato in due minuti, grazie",
        "Modulo online chiaro, nessun bisogno di andare allo sportello"
    };
    private static final String[] POSITIVE_CASE = {
        "Pratica risolta in pochi giorni, grazie",
        "Tempi rispettati e comunicazioni puntuali",
        "Sono stato aggiornato a ogni passaggio della pratica"
    };
    private static final String[] POSITIVE_STREET = {
        "Segnalazione presa in carico e risolta rapidamente",
        "Buca riparata in pochi giorni, bravi",
        "Intervento veloce, strada finalmente pulita"
    };

    private static final String[] NEUTRAL = {
        "Servizio nella media",
        "Tutto sommato ok, ma si può migliorare",
        "Abbastanza soddisfatto",
        "Ci è voluto un po' ma alla fine ho risolto"
    };

    private static final String[] NEGATIVE_GENERIC = {
        "Servizio poco chiaro", "Troppa burocrazia per una cosa semplice", "Informazioni contraddittorie"
    };
    private static final String[] NEGATIVE_WAIT_CALL = {
        "Attesa troppo lunga al telefono",
        "Sono rimasto in linea più di venti minuti",
        "Ho dovuto richiamare più volte prima di parlare con qualcuno"
    };
    private static final String[] NEGATIVE_WAIT_VISIT = {
        "Ore di fila allo sportello", "Troppa attesa, pochi sportelli aperti", "Eliminacode fermo per ore"
    };
    private static final String[] NEGATIVE_DEADLINE = {
        "Tempi della pratica troppo lunghi", "La pratica è ferma da settimane, oltre la scadenza",
        "Nessuno mi ha più ricontattato", "Scadenza superata senza nessuna comunicazione"
    };
    private static final String[] NEGATIVE_STREET = {
        "La buca segnalata è ancora lì",
        "Segnalazione chiusa ma il problema non è risolto",
        "Rifiuti ancora per strada dopo giorni"
    };
    private static final String[] NEGATIVE_REJECTED = {
        "Domanda respinta senza spiegazioni chiare", "Non capisco perché la richiesta sia stata rifiutata"
    };
    private static final String[] NEGATIVE_REOPENED = {
        "Ho dovuto riaprire la pratica, primo intervento inutile", "Problema tornato dopo pochi giorni"
    };
    private static final String[] NEGATIVE_CHAT = {
        "Il chatbot non capisce le domande", "Risposte automatiche inutili, volevo un operatore"
    };
    private static final String[] NEGATIVE_ONLINE = {
        "Il sito si blocca durante la compilazione",
        "Troppi passaggi per un semplice certificato",
        "Accesso con SPID non funzionante"
    };

    private FeedbackModel() {}

    /** Survey answers for an interaction with the given satisfaction (clamped to 0..1). */
    public static Answer answer(double satisfaction, Context context, Cause cause, SplittableRandom rng) {
        double x = Randoms.clamp(satisfaction, 0, 1);
        Integer csat = null;
        Integer nps = null;
        String text = null;
        if (rng.nextDouble() < 0.85) {
            csat = (int) Math.round(Randoms.clamp(1 + 4 * (x + 0.05 * rng.nextGaussian()), 1, 5));
        }
        if (rng.nextDouble() < (context == Context.CHAT ? 0.25 : 0.55)) {
            nps = (int) Math.round(Randoms.clamp(10 * (x + 0.08 * rng.nextGaussian()), 0, 10));
        }
        if (rng.nextDouble() < 0.35 || (csat == null && nps == null)) {
            text = text(x, context, cause, rng);
        }
        return new Answer(csat, nps, text);
    }

    static String text(double x, Context context, Cause cause, SplittableRandom rng) {
        if (x >= 0.65) {
            return rng.nextDouble() < 0.75 ? Randoms.pick(rng, positive(context)) : Randoms.pick(rng, POSITIVE_GENERIC);
        }
        if (x > 0.4) {
            return Randoms.pick(rng, NEUTRAL);
        }
        String[] specific = switch (cause) {
            case LONG_WAIT -> context == Context.VISIT ? NEGATIVE_WAIT_VISIT : NEGATIVE_WAIT_CALL;
            case DEADLINE_BREACHED -> context == Context.STREET ? NEGATIVE_STREET : NEGATIVE_DEADLINE;
            case REJECTED -> NEGATIVE_REJECTED;
            case REOPENED -> context == Context.STREET ? NEGATIVE_STREET : NEGATIVE_REOPENED;
            case NOT_UNDERSTOOD -> NEGATIVE_CHAT;
            case NONE ->
                switch (context) {
                    case CHAT -> NEGATIVE_CHAT;
                    case ONLINE -> NEGATIVE_ONLINE;
                    case STREET -> NEGATIVE_STREET;
                    default -> NEGATIVE_GENERIC;
                };
        };
        return rng.nextDouble() < 0.8 ? Randoms.pick(rng, specific) : Randoms.pick(rng, NEGATIVE_GENERIC);
    }

    private static String[] positive(Context context) {
        return switch (context) {
            case CALL -> POSITIVE_CALL;
            case VISIT -> POSITIVE_VISIT;
            case CHAT -> POSITIVE_CHAT;
            case ONLINE -> POSITIVE_ONLINE;
            case CASE -> POSITIVE_CASE;
            case STREET -> POSITIVE_STREET;
        };
    }
}
