package io.shallot.examples.contents;

import io.shallot.mvc.cache.CacheSettings;
import java.util.List;
import java.util.Map;

/** Typed views of the system's configuration sections. */
final class SystemSettings {
    private SystemSettings() {
    }

    record Server(String host, int port) {
        Server {
            host = host == null ? "127.0.0.1" : host;
        }
    }

    record Servers(Server api, Server restful) {
        Servers {
            api = api == null ? new Server("127.0.0.1", 5000) : api;
            restful = restful == null ? new Server("127.0.0.1", 4000) : restful;
        }
    }

    record Caches(CacheSettings userinfo) {
        Caches {
            userinfo = userinfo == null ? CacheSettings.defaults() : userinfo;
        }
    }

    record Api(long timeoutMs, Map<String, List<String>> services) {
        Api {
            timeoutMs = timeoutMs <= 0 ? 800 : timeoutMs;
            services = services == null ? Map.of() : services;
        }
    }
}
