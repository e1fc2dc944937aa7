package org.civicinsights.batch.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled lexicon on the generator's comments and on hand-made ones: accents, stems, phrases, negation. */
class FeedbackThemesTest {
    static final FeedbackThemes LEXICON = FeedbackThemes.bundled();

    /** Mentions as "theme+" (positive), "theme-" (negative), "theme=" (neutral), in lexicon order. */
    static String themes(String text) {
        return LEXICON.match(text).stream()
                .map(m -> m.theme()
                        + switch (m.tone()) {
                            case POSITIVE -> "+";
                            case NEGATIVE -> "-";
                            case NEUTRAL -> "=";
                        })
                .collect(Collectors.joining(" "));
    }

    /**
     * Every comment template of the synthetic generator (ingestion's FeedbackModel, copied here:
     * batch-jobs does not depend on ingestion), with the themes it must get. None is 'altro'.
     */
    static final Map<String, String> GENERATOR = new LinkedHashMap<>();

    static {
        // POSITIVE_GENERIC
        GENERATOR.put("Servizio ottimo, grazie", "giudizio_generale+");
        GENERATOR.put("Tutto chiaro e veloce", "velocita_servizio+ chiarezza_informazioni+");
        GENERATOR.put("Finalmente un servizio che funziona", "giudizio_generale+");
        GENERATOR.put("Esperienza positiva, lo consiglierei", "giudizio_generale+");
        // POSITIVE_CALL
        GENERATOR.put("Operatore gentile e competente", "cortesia_personale+");
        GENERATOR.put("Tutto risolto con una sola telefonata", "risoluzione+");
        GENERATOR.put("Risposta chiara e tempestiva", "velocita_servizio+ chiarezza_informazioni+");
        // POSITIVE_VISIT
        GENERATOR.put("Personale dello sportello molto disponibile", "cortesia_personale+");
        GENERATOR.put("Poca attesa e pratica sbrigata subito", "tempi_attesa+ velocita_servizio+");
        GENERATOR.put("Impiegata cortese e preparata", "cortesia_personale+");
        // POSITIVE_CHAT
        GENERATOR.put("L'assistente virtuale mi ha dato subito la risposta", "velocita_servizio+ assistente_virtuale=");
        GENERATOR.put("Chat utile e veloce", "velocita_servizio+ assistente_virtuale= giudizio_generale+");
        // POSITIVE_ONLINE
        GENERATOR.put("Servizio online semplice e veloce", "velocita_servizio+ burocrazia+ servizio_online=");
        GENERATOR.put("Certificato scaricato in due minuti, grazie", "velocita_servizio+ servizio_online=");
        // "nessun" comes after "chiaro": it negates nothing
        GENERATOR.put(
                "Modulo online chiaro, nessun bisogno di andare allo sportello",
                "chiarezza_informazioni+ burocrazia= servizio_online=");
        // POSITIVE_CASE
        GENERATOR.put("Pratica risolta in pochi giorni, grazie", "tempi_pratica+ risoluzione+");
        GENERATOR.put("Tempi rispettati e comunicazioni puntuali", "tempi_pratica+ comunicazioni+");
        GENERATOR.put("Sono stato aggiornato a ogni passaggio della pratica", "comunicazioni+");
        // POSITIVE_STREET
        GENERATOR.put("Segnalazione presa in carico e risolta rapidamente", "velocita_servizio+ risoluzione+");
        GENERATOR.put("Buca riparata in pochi giorni, bravi", "tempi_pratica+ manutenzione_strade+ giudizio_generale+");
        GENERATOR.put("Intervento veloce, strada finalmente pulita", "velocita_servizio+ pulizia_decoro+");
        // NEUTRAL
        GENERATOR.put("Servizio nella media", "giudizio_generale=");
        GENERATOR.put("Tutto sommato ok, ma si può migliorare", "giudizio_generale=");
        GENERATOR.put("Abbastanza soddisfatto", "giudizio_generale+");
        GENERATOR.put("Ci è voluto un po' ma alla fine ho risolto", "risoluzione+");
        // NEGATIVE_GENERIC: "poco chiaro" and "burocrazia" are negative, so the positive "chiar*" and "semplic*" do not
        // win
        GENERATOR.put("Servizio poco chiaro", "chiarezza_informazioni-");
        GENERATOR.put("Troppa burocrazia per una cosa semplice", "burocrazia-");
        GENERATOR.put("Informazioni contraddittorie", "chiarezza_informazioni-");
        // NEGATIVE_WAIT_CALL
        GENERATOR.put("Attesa troppo lunga al telefono", "tempi_attesa-");
        GENERATOR.put("Sono rimasto in linea più di venti minuti", "tempi_attesa-");
        GENERATOR.put("Ho dovuto richiamare più volte prima di parlare con qualcuno", "tempi_attesa-");
        // NEGATIVE_WAIT_VISIT
        GENERATOR.put("Ore di fila allo sportello", "tempi_attesa-");
        GENERATOR.put("Troppa attesa, pochi sportelli aperti", "tempi_attesa-");
        GENERATOR.put("Eliminacode fermo per ore", "tempi_attesa-");
        // NEGATIVE_DEADLINE
        GENERATOR.put("Tempi della pratica troppo lunghi", "tempi_pratica-");
        GENERATOR.put("La pratica è ferma da settimane, oltre la scadenza", "tempi_pratica-");
        GENERATOR.put("Nessuno mi ha più ricontattato", "comunicazioni-");
        GENERATOR.put("Scadenza superata senza nessuna comunicazione", "tempi_pratica- comunicazioni-");
        // NEGATIVE_STREET: "lì" is matched as "li"; "risolto" two words after "non" is negative
        GENERATOR.put("La buca segnalata è ancora lì", "risoluzione- manutenzione_strade=");
        GENERATOR.put("Segnalazione chiusa ma il problema non è risolto", "risoluzione-");
        GENERATOR.put("Rifiuti ancora per strada dopo giorni", "risoluzione- pulizia_decoro=");
        // NEGATIVE_REJECTED: "chiare" two words after "senza", "capisco" right after "non"
        GENERATOR.put("Domanda respinta senza spiegazioni chiare", "chiarezza_informazioni- esito_richiesta-");
        GENERATOR.put(
                "Non capisco perché la richiesta sia stata rifiutata", "chiarezza_informazioni- esito_richiesta-");
        // NEGATIVE_REOPENED
        GENERATOR.put("Ho dovuto riaprire la pratica, primo intervento inutile", "risoluzione- giudizio_generale-");
        GENERATOR.put("Problema tornato dopo pochi giorni", "risoluzione-");
        // NEGATIVE_CHAT
        GENERATOR.put("Il chatbot non capisce le domande", "chiarezza_informazioni- assistente_virtuale-");
        GENERATOR.put(
                "Risposte automatiche inutili, volevo un operatore",
                "cortesia_personale= assistente_virtuale- giudizio_generale-");
        // NEGATIVE_ONLINE
        GENERATOR.put("Il sito si blocca durante la compilazione", "servizio_online-");
        GENERATOR.put("Troppi passaggi per un semplice certificato", "burocrazia-");
        GENERATOR.put("Accesso con SPID non funzionante", "servizio_online= giudizio_generale-");
    }

    @Test
    void everyGeneratorTemplateGetsItsThemesAndNoneIsAltro() {
        assertThat(GENERATOR).hasSize(50);
        Map<String, String> actual = new LinkedHashMap<>();
        GENERATOR.keySet().forEach(t -> actual.put(t, themes(t)));
        assertThat(actual).containsExactlyEntriesOf(GENERATOR);
        assertThat(actual.values()).noneMatch(v -> v.contains(FeedbackThemes.OTHER));
    }

    @Test
    void textIsNormalisedCaseAccentsAndPunctuation() {
        assertThat(FeedbackThemes.tokens("È PIÙ chiaro!! L'assistente, però…"))
                .containsExactly("e", "piu", "chiaro", "l", "assistente", "pero");
        assertThat(themes("ATTESA TROPPO LUNGA!!!")).isEqualTo("tempi_attesa-");
        // the accented and the plain spelling are the same word
        assertThat(themes("la buca è ancora lì"))
                .isEqualTo(themes("la buca e ancora li"))
                .isEqualTo("risoluzione- manutenzione_strade=");
        assertThat(themes("Più ricontattato")).isEqualTo("comunicazioni-");
    }

    @Test
    void stemsMatchWordBeginningsAndOtherWordsMatchWhole() {
        assertThat(themes("Operatrice gentilissima")).isEqualTo("cortesia_personale+");
        // "sito" is a whole word: "situazione" is not the web site; "rifiuti" (waste) is not "rifiutata" (refused)
        assertThat(themes("Situazione incresciosa")).isEqualTo("altro=");
        assertThat(themes("Rifiuti")).isEqualTo("pulizia_decoro=");
        assertThat(themes("Rifiutata")).isEqualTo("esito_richiesta-");
    }

    @Test
    void negationWithinTwoWordsMakesAPositiveKeywordNegative() {
        assertThat(themes("Operatore gentile")).isEqualTo("cortesia_personale+");
        assertThat(themes("Operatore non gentile")).isEqualTo("cortesia_personale-");
        assertThat(themes("Operatore non molto gentile")).isEqualTo("cortesia_personale-");
        assertThat(themes("Mai stato veloce")).isEqualTo("velocita_servizio-");
        assertThat(themes("Nessuna persona gentile")).isEqualTo("cortesia_personale-");
        // "non" four words before: out of reach, still positive
        assertThat(themes("Non era per niente gentile")).isEqualTo("cortesia_personale+");
        // a known limit (documented): "nessun" negates whatever positive keyword follows within two words
        assertThat(themes("Nessun problema, gentili")).isEqualTo("cortesia_personale-");
        // a negation after the keyword, or before a neutral or negative one, changes nothing
        assertThat(themes("Gentile, non saprei")).isEqualTo("cortesia_personale+");
        assertThat(themes("Non sono un operatore")).isEqualTo("cortesia_personale=");
        assertThat(themes("Non è burocrazia")).isEqualTo("burocrazia-");
        // a negative keyword wins over a positive one of the same theme
        assertThat(themes("Operatore gentile ma scortese al telefono")).isEqualTo("cortesia_personale-");
    }

    @Test
    void aCommentMayMentionSeveralThemesOrNone() {
        assertThat(themes("Operatore gentile ma attesa troppo lunga e sito bloccato"))
                .isEqualTo("tempi_attesa- cortesia_personale+ servizio_online-");
        assertThat(themes("Niente da aggiungere")).isEqualTo("altro=");
        assertThat(LEXICON.match(null)).isEmpty();
        assertThat(LEXICON.match("  ,. ")).isEmpty();
        assertThat(LEXICON.themes())
                .hasSize(14)
                .doesNotContain(FeedbackThemes.OTHER)
                .startsWith("tempi_attesa", "tempi_pratica")
                .endsWith("giudizio_generale");
    }

    @Test
    void everyThemeAndAltroHasExactlyOneItalianLabel() {
        Map<String, String> labels = FeedbackThemes.bundledLabels();
        List<String> themes = new ArrayList<>(LEXICON.themes());
        themes.add(FeedbackThemes.OTHER);
        // no theme without a label (the dashboards would show its code), no label for a theme that does not exist
        assertThat(labels.keySet()).containsExactlyElementsOf(themes);
        assertThat(labels.values()).allSatisfy(l -> assertThat(l).isNotBlank().doesNotContain("_"));
        assertThat(labels)
                .containsEntry("giudizio_generale", "Giudizio generale")
                .containsEntry("altro", "Altro");
        assertThat(FeedbackThemes.parseLabels(List.of("# c", "theme,label", "a,Una cosa, e l'altra")))
                .containsExactly(Map.entry("a", "Una cosa, e l'altra"));
        assertThatThrownBy(() -> FeedbackThemes.parseLabels(List.of("a,A")))
                .hasMessageContaining("line 1")
                .hasMessageContaining("header");
        assertThatThrownBy(() -> FeedbackThemes.parseLabels(List.of("theme,label", "a")))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> FeedbackThemes.parseLabels(List.of("theme,label", "a,A", "a,B")))
                .hasMessageContaining("line 3")
                .hasMessageContaining("twice");
    }

    @Test
    void aMalformedLexiconLineFailsWithItsNumber() {
        assertThat(FeedbackThemes.parse(
                                List.of("# comment", "theme,keyword,polarity", "", "t,Più lent*,NEGATIVE", "t,ok"))
                        .match("piu lento")
                        .get(0))
                .isEqualTo(new FeedbackThemes.Mention("t", FeedbackThemes.Tone.NEGATIVE));
        assertThatThrownBy(() -> FeedbackThemes.parse(List.of("t,ok")))
                .hasMessageContaining("line 1")
                .hasMessageContaining("header");
        assertThatThrownBy(() -> FeedbackThemes.parse(List.of("theme,keyword,polarity", "t,ok,good")))
                .hasMessageContaining("line 2")
                .hasMessageContaining("polarity");
        assertThatThrownBy(() -> FeedbackThemes.parse(List.of("theme,keyword,polarity", "t,ab*")))
                .hasMessageContaining("line 2")
                .hasMessageContaining("shorter than 3");
        assertThatThrownBy(() -> FeedbackThemes.parse(List.of("theme,keyword,polarity", "altro,ok")))
                .hasMessageContaining("'altro'");
        assertThatThrownBy(() -> FeedbackThemes.parse(List.of("theme,keyword,polarity", "t,Più", "t,piu,positive")))
                .hasMessageContaining("line 3")
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> FeedbackThemes.parse(List.of("theme,keyword,polarity", "t, ,neutral")))
                .hasMessageContaining("empty keyword");
    }
}
