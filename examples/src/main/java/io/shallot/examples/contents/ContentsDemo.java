package io.shallot.examples.contents;

import io.shallot.mvc.config.Config;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code bin/shallot demo}: the section 四 system until Ctrl-C. */
public final class ContentsDemo {
    private ContentsDemo() {
    }

    public static int run(PrintStream out, String env) throws InterruptedException {
        Path dir = Path.of("examples", "contents");
        Config config = Config.load(dir.resolve("config"), env);
        ContentsSystem system = ContentsSystem.start(dir, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping...");
            system.close();
            stopped.countDown();
        }, "shallot-shutdown"));
        out.println("Shallot contents system (section 四), environment '" + config.env() + "'");
        out.println("  API server:      http://127.0.0.1:" + system.apiPort() + "/v1/userinfos?user_ids=1001,1002");
        out.println("  RESTful server:  http://127.0.0.1:" + system.restfulPort() + "/v1/contents?page=1&size=10");
        out.println("                   http://127.0.0.1:" + system.restfulPort() + "/v1/test");
        out.println("Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
