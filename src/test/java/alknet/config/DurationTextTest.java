package alknet.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationTextTest {
    @ParameterizedTest
    @CsvSource({"300s,PT5M", "30s,PT30S", "2m,PT2M", "1h,PT1H", "1d,PT24H", "500ms,PT0.5S", "30,PT30S", "' 45 s ',PT45S", "2M,PT2M"})
    void parsesNumberWithUnit(String text, Duration expected) {
        assertThat(DurationText.parse(text, "x")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "30 seconds", "1.5s", "-1s", "1h30m", "abc"})
    void rejectsOtherFormsNamingTheSettingAndTheFix(String text) {
        assertThatThrownBy(() -> DurationText.parse(text, "alknet.toml:7: limits.auth_timeout"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("alknet.toml:7: limits.auth_timeout: '" + text + "' is not a duration")
                .hasMessageContaining("\"30s\"");
    }

    @Test
    void formatsTheShortestExactForm() {
        assertThat(DurationText.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(DurationText.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    }
}
