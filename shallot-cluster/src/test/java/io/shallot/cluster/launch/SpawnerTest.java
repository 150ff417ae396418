package io.shallot.cluster.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.cluster.config.AppSpec;
import io.shallot.cluster.config.ExecMode;
import io.shallot.cluster.internal.NettyFlags;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpawnerTest {
    @Test
    void nettyMayUseUnsafeOnJdksThatAskForPermission() {
        assertThat(NettyFlags.forJdk(21)).containsExactly("--enable-native-access=ALL-UNNAMED");
        assertThat(NettyFlags.forJdk(25)).containsExactly("--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void theAppsOwnJvmArgumentsComeLastSoTheyWin() {
        List<String> cmd = Spawner.command(spec(List.of("--sun-misc-unsafe-memory-access=deny", "-Xmx64m")), "lib/*");
        List<String> netty = NettyFlags.forJdk(Runtime.version().feature());
        int own = cmd.indexOf("--sun-misc-unsafe-memory-access=deny");
        assertThat(cmd).containsSubsequence(netty).containsSubsequence("-Xmx64m", "-cp", "lib/*", "app.Main", "serve");
        assertThat(own).isGreaterThan(cmd.indexOf(netty.getLast()));
    }

    private static AppSpec spec(List<String> jvmArgs) {
        return new AppSpec("api", null, "app.Main", List.of(), List.of("serve"), jvmArgs, 1, 0, ExecMode.FORK,
                "127.0.0.1", 0, Map.of(), ".", new AppSpec.Watch(false, List.of(), List.of(), 0),
                new AppSpec.Logs(null, null, null, false, 0, 0), new AppSpec.Restart(true, 16, 1000, 0, 0, Set.of()),
                0, 5000, false, 8000);
    }
}
