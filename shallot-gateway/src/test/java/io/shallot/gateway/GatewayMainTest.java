package io.shallot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayMainTest {
    private static final String PROPERTY = "io.netty.leakDetection.level";
    private final Level before = ResourceLeakDetector.getLevel();
    private final String property = System.getProperty(PROPERTY);

    @AfterEach
    void restore() {
        ResourceLeakDetector.setLevel(before);
        if (property == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, property);
        }
    }

    @Test
    void theStandaloneGatewayRunsWithoutLeakDetectionUnlessALevelIsAskedFor() {
        System.clearProperty(PROPERTY);
        ResourceLeakDetector.setLevel(Level.SIMPLE);
        GatewayMain.leakDetectionOffUnlessAsked();
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.DISABLED);

        System.setProperty(PROPERTY, "paranoid");
        ResourceLeakDetector.setLevel(Level.PARANOID);
        GatewayMain.leakDetectionOffUnlessAsked();
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(Level.PARANOID);
    }
}
