package org.civicinsights.batch.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CubeCheckTest {
    static CubeCheck.Cell cell(String channel, String service, long... m) {
        return new CubeCheck.Cell(List.of("t"), Arrays.asList(channel, service), m);
    }

    /** Two leaves (phone/A 3, portal/B 5) and their five rolled-up rows. */
    static List<CubeCheck.Cell> cube() {
        return new ArrayList<>(List.of(
                cell("phone", "A", 3, 1),
                cell("portal", "B", 5, 2),
                cell(null, "A", 3, 1),
                cell(null, "B", 5, 2),
                cell("phone", null, 3, 1),
                cell("portal", null, 5, 2),
                cell(null, null, 8, 3)));
    }

    @Test
    void aConsistentCubePasses() {
        assertThat(CubeCheck.rollupMismatches(cube())).isZero();
        assertThat(CubeCheck.duplicates(cube())).isZero();
    }

    @Test
    void aWrongMissingOrDuplicatedRowIsCounted() {
        List<CubeCheck.Cell> wrong = cube();
        wrong.set(6, cell(null, null, 8, 4));
        assertThat(CubeCheck.rollupMismatches(wrong)).isEqualTo(1);

        List<CubeCheck.Cell> missing = cube();
        missing.remove(2);
        assertThat(CubeCheck.rollupMismatches(missing)).isEqualTo(1);

        List<CubeCheck.Cell> twice = cube();
        twice.add(cell("phone", "A", 3, 1));
        assertThat(CubeCheck.duplicates(twice)).isEqualTo(1);
        // the leaf counted twice also breaks the sums of its three rolled-up rows
        assertThat(CubeCheck.rollupMismatches(twice)).isEqualTo(3);
    }

    @Test
    void aLeafWithANullDimensionLooksLikeABrokenRollup() {
        // an unknown service written as null instead of 'unknown' would be read as "all services"
        List<CubeCheck.Cell> cells = cube();
        cells.add(cell("phone", null, 1, 0));
        assertThat(CubeCheck.rollupMismatches(cells)).isEqualTo(1);
        assertThat(CubeCheck.duplicates(cells)).isEqualTo(1);
    }

    @Test
    void keysOutsideTheCubeAreCheckedSeparately() {
        List<CubeCheck.Cell> cells = new ArrayList<>();
        for (String theme : List.of("a", "b")) {
            cells.add(new CubeCheck.Cell(List.of(theme), Arrays.asList("x"), new long[] {2}));
            cells.add(new CubeCheck.Cell(List.of(theme), Arrays.asList((Object) null), new long[] {2}));
        }
        assertThat(CubeCheck.rollupMismatches(cells)).isZero();
        assertThat(CubeCheck.duplicates(cells)).isZero();
    }
}
