package org.civicinsights.common.catalogue;

import java.io.Serializable;
import java.util.Set;
import org.civicinsights.common.event.Channel;

/**
 * One administrative service of the city's catalogue.
 *
 * @param deadlineDays legal deadline to conclude a case of this service
 * @param workingDays true when the deadline counts working days (Italian calendar), false for calendar days
 * @param channels channels through which the service is offered
 */
public record CityService(
        String code, String name, String area, int deadlineDays, boolean workingDays, Set<Channel> channels)
        implements Serializable {

    /** True when a citizen can complete the service without an operator. */
    public boolean availableOnline() {
        return channels.stream().anyMatch(Channel::selfService);
    }
}
