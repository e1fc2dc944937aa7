package org.civicinsights.ingestion;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.event.RejectionReason;
import org.civicinsights.ingestion.synthetic.MalformedRecords;
import org.civicinsights.ingestion.synthetic.Population;
import org.civicinsights.ingestion.synthetic.Randoms;

/**
 * Serialises the valid events and mixes in the configured numbers of malformed records and
 * duplicates, at random positions spread over the whole stream (sequential sampling without
 * replacement, so the counts are exact). The first record is always valid; a duplicate re-sends,
 * byte for byte and with the same key, one of the last {@value #RECENT} valid records; a malformed
 * record is a broken copy of the last valid one.
 */
final class RecordMixer implements Consumer<InteractionEvent> {
    static final int RECENT = 1000;

    private final RecordSink sink;
    private final ProgressListener progress;
    private final SplittableRandom rng;
    private final Population population;
    private final long total;
    private final long interval;

    private long remainingValid;
    private long remainingMalformed;
    private long remainingDuplicates;
    private long produced;
    private long valid;
    private long duplicates;
    private final Map<RejectionReason, Long> malformed = new EnumMap<>(RejectionReason.class);
    private final Map<Channel, Long> byChannel = new EnumMap<>(Channel.class);
    private final Map<EventType, Long> byType = new EnumMap<>(EventType.class);

    private final String[] recentKeys = new String[RECENT];
    private final String[] recentValues = new String[RECENT];
    private int recentCount;
    private int recentNext;

    RecordMixer(
            GeneratorSettings s,
            RecordSink sink,
            ProgressListener progress,
            SplittableRandom rng,
            Population population) {
        this.sink = sink;
        this.progress = progress;
        this.rng = rng;
        this.population = population;
        this.total = s.events();
        this.interval = Math.max(1, Math.min(10_000, total / 100));
        this.remainingValid = s.validCount();
        this.remainingMalformed = s.malformedCount();
        this.remainingDuplicates = s.duplicateCount();
        for (RejectionReason r : MalformedRecords.KINDS) {
            malformed.put(r, 0L);
        }
        for (Channel c : Channel.values()) {
            byChannel.put(c, 0L);
        }
        for (EventType t : EventType.values()) {
            byType.put(t, 0L);
        }
    }

    @Override
    public void accept(InteractionEvent e) {
        if (remainingValid <= 0) {
            throw new IllegalStateException("more valid events than planned");
        }
        if (valid > 0) {
            while (remainingMalformed + remainingDuplicates > 0) {
                long u = rng.nextLong(remainingValid + remainingMalformed + remainingDuplicates);
                if (u < remainingValid) {
                    break;
                }
                special(u < remainingValid + remainingMalformed);
            }
        }
        String key = e.eventId.toString();
        String json = InteractionEventCodec.toJson(e);
        send(key, json);
        valid++;
        remainingValid--;
        byChannel.merge(e.channel, 1L, Long::sum);
        byType.merge(e.eventType, 1L, Long::sum);
        recentKeys[recentNext] = key;
        recentValues[recentNext] = json;
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(RECENT, recentCount + 1);
        if (remainingValid == 0) {
            while (remainingMalformed + remainingDuplicates > 0) {
                special(rng.nextLong(remainingMalformed + remainingDuplicates) < remainingMalformed);
            }
        }
    }

    private void special(boolean malformedRecord) {
        if (malformedRecord) {
            RejectionReason kind = MalformedRecords.pickKind(rng);
            UUID id = Randoms.uuid(rng);
            int last = (recentNext - 1 + RECENT) % RECENT;
            String record = MalformedRecords.corrupt(
                    recentValues[last],
                    kind,
                    id,
                    () -> population
                            .citizen(rng.nextInt(population.citizenCount()))
                            .fiscalCode(),
                    rng);
            send(id.toString(), record);
            malformed.merge(kind, 1L, Long::sum);
            remainingMalformed--;
        } else {
            int back = 1 + rng.nextInt(recentCount);
            int i = (recentNext - back + RECENT) % RECENT;
            send(recentKeys[i], recentValues[i]);
            duplicates++;
            remainingDuplicates--;
        }
    }

    private void send(String key, String value) {
        sink.send(key, value);
        produced++;
        if (produced % interval == 0 || produced == total) {
            progress.onProgress(produced, total);
        }
    }

    GenerationSummary summary() {
        if (produced != total || remainingValid + remainingMalformed + remainingDuplicates != 0) {
            throw new IllegalStateException("produced " + produced + " records instead of " + total);
        }
        Map<String, Long> byReason = new LinkedHashMap<>();
        malformed.forEach((reason, count) -> byReason.put(reason.code(), count));
        return new GenerationSummary(produced, valid, duplicates, byReason, byChannel, byType);
    }
}
