package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkedSectionTest {

    private static final String BEGIN = MarkedSection.BEGIN;
    private static final String END = MarkedSection.END;

    @Test
    void replacesOnlyWhatIsBetweenTheMarkers() {
        String document = "# Benchmarks\n\nintro\n" + BEGIN + "\nold table\n" + END + "\n\n## Bridge core\nkept\n";

        String replaced = MarkedSection.replace(document, "new table\n");

        assertThat(replaced)
                .isEqualTo("# Benchmarks\n\nintro\n" + BEGIN + "\nnew table\n" + END + "\n\n## Bridge core\nkept\n");
        assertThat(MarkedSection.replace(replaced, "new table")).isEqualTo(replaced);
    }

    @Test
    void withoutMarkersTheSectionGoesAfterTheTitle() {
        String replaced = MarkedSection.replace("# Benchmarks\n\n## Bridge core\n", "table");

        assertThat(replaced).isEqualTo("# Benchmarks\n\n" + BEGIN + "\ntable\n" + END + "\n\n## Bridge core\n");
    }

    @Test
    void aTitleBelowOtherLinesIsFoundToo() {
        String replaced = MarkedSection.replace("<!-- front -->\n# Benchmarks\nrest\n", "table");

        assertThat(replaced).isEqualTo("<!-- front -->\n# Benchmarks\n\n" + BEGIN + "\ntable\n" + END + "\nrest\n");
    }

    @Test
    void withoutATitleTheSectionGoesFirst() {
        assertThat(MarkedSection.replace("## Only a subsection\n", "table"))
                .isEqualTo(BEGIN + "\ntable\n" + END + "\n\n## Only a subsection\n");
    }

    @Test
    void brokenMarkersAreRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> MarkedSection.replace("# B\n" + BEGIN + "\nno end\n", "table"))
                .hasMessageContaining("without " + END);
        assertThatThrownBy(() -> MarkedSection.replace("# B\n" + END + "\n" + BEGIN + "\n", "table"))
                .hasMessageContaining("before " + BEGIN);
    }
}
