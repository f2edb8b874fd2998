package dev.rolegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLoopConfigSourceTest {

    @Test
    void defaultsToOneEventLoopPerAvailableProcessor() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EventLoopConfigSource()).build();

        assertThat(config.getValue(EventLoopConfigSource.EVENT_LOOPS, Integer.class)).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void anExplicitSettingInApplicationPropertiesWins() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new EventLoopConfigSource(),
                new PropertiesConfigSource(Map.of(EventLoopConfigSource.EVENT_LOOPS, "7"), "application.properties", 250)).build();

        assertThat(config.getValue(EventLoopConfigSource.EVENT_LOOPS, Integer.class)).isEqualTo(7);
    }
}
