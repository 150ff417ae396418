package io.shallot.web.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RouteTrieConcurrencyTest {

    @Test
    void servesLookupsFromManyThreadsOnceRegistrationIsDone() throws Exception {
        RouteTrie<String> trie = new RouteTrie<>();
        for (int i = 0; i < 50; i++) {
            trie.insert("GET", "/r" + i + "/:id", "r" + i);
        }
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tasks.add(() -> {
                for (int n = 0; n < 20_000; n++) {
                    int i = n % 50;
                    Match<String> match = trie.lookup("GET", "/r" + i + "/x%20" + n);
                    if (!(match instanceof Match.Found<String> f)
                            || !f.value().equals("r" + i)
                            || !f.params().get("id").equals("x " + n)) {
                        return false;
                    }
                }
                return true;
            });
        }

        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        }
    }
}
