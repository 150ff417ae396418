package io.shallot.bench.contents;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.shallot.examples.contents.Seeder;
import io.shallot.loop.LoopGroup;
import io.shallot.loop.LoopOptions;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The MongoDB server of {@code bench/contents.sh}, as its own process: mongo-java-server with the
 * memory backend on {@code 127.0.0.1:<port>}, seeded with exactly what the contents system seeds on
 * first start ({@link Seeder}: users 1001..1100, contents 1..1000, unique indexes on {@code id}),
 * in the database {@value MongoSettings#DEFAULT_DATABASE}. Both implementations under test (Shallot's
 * contents system and the Koa peer) connect to it with their official drivers, so they read the
 * same documents from the same server.
 *
 * <p>Usage: {@code MongoServerMain <port>}. Prints {@code READY mongodb://127.0.0.1:<port>} on
 * stdout once seeded, then serves until the process is terminated.
 */
public final class MongoServerMain {
    private MongoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: MongoServerMain <port>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        String uri = "mongodb://127.0.0.1:" + port;
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-shutdown"));

        // Seed through the same client code and Seeder the contents system uses; then let go of
        // the client and the loop, so this process only serves.
        boolean seeded;
        try (Mongo mongo = Mongo.start(MongoSettings.defaults().withUri(uri));
             LoopGroup loops = LoopGroup.create(1, LoopOptions.defaults().withThreadName("seed"))) {
            Seeder seeder = new Seeder(mongo);
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            loops.next().execute(() -> seeder.seedIfEmpty().then(done::complete, done::completeExceptionally));
            seeded = done.get(60, TimeUnit.SECONDS);
        }
        System.out.println("READY " + uri + (seeded ? " (seeded: " + Seeder.USERS + " users, "
                + Seeder.CONTENTS + " contents)" : " (already seeded)"));
        System.out.flush();
        Thread.currentThread().join();
    }
}
