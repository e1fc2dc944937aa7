package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class StackSecuritySettingTest {
    private static final StackLayout LAYOUT = new StackLayout(Path.of("/h"), Path.of("/d"), Path.of("/c"));

    @Test
    void securityIsOnByDefaultReadFromConfigurationAndHandedOnToClients() {
        StackSettings byDefault = StackSettings.from(CivicConfig.defaults());
        assertThat(byDefault.secured()).isTrue();
        assertThat(byDefault.clientSettings(LAYOUT)).containsEntry(StackSettings.SECURITY, "on");
        StackSettings on = StackSettings.from(CivicConfig.of(Map.of(StackSettings.SECURITY, "on")));
        assertThat(on.secured()).isTrue();
        assertThat(on.clientSettings(LAYOUT)).containsEntry(StackSettings.SECURITY, "on");
        StackSettings off = StackSettings.from(CivicConfig.of(Map.of(StackSettings.SECURITY, "off")));
        assertThat(off.secured()).isFalse();
        assertThat(off.clientSettings(LAYOUT))
                .containsEntry(StackSettings.SECURITY, "off")
                .doesNotContainKey("kafka.client.security.protocol");
        assertThat(StackSettings.from(CivicConfig.of(Map.of(StackSettings.SECURITY, "OFF")))
                        .secured())
                .isFalse();
        assertThat(on.withTopology(StackTopology.CLUSTER).secured()).isTrue();
    }

    @Test
    void anUnknownValueIsRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> StackSettings.from(CivicConfig.of(Map.of(StackSettings.SECURITY, "yes please"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stack.security");
    }

    @Test
    void theVariableSetsTheSameKey() {
        assertThat(CivicConfig.keyOfVariable("CIVIC_STACK_SECURITY")).contains(StackSettings.SECURITY);
    }
}
