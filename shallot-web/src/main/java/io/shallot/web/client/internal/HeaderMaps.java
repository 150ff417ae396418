package io.shallot.web.client.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Header views for the public API: unmodifiable maps whose keys compare ignoring case. */
public final class HeaderMaps {
    private HeaderMaps() {
    }

    /** Netty headers as name → values; the first spelling of a name is kept. */
    public static Map<String, List<String>> toMap(HttpHeaders headers) {
        TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : headers) {
            map.computeIfAbsent(e.getKey(), k -> new ArrayList<>(1)).add(e.getValue());
        }
        return freeze(map);
    }

    /** A case-insensitive, unmodifiable copy of any header map. */
    public static Map<String, List<String>> caseInsensitiveCopy(Map<String, List<String>> headers) {
        if (headers instanceof Frozen) {
            return headers;
        }
        TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> map.computeIfAbsent(name, k -> new ArrayList<>(values.size())).addAll(values));
        return freeze(map);
    }

    private static Map<String, List<String>> freeze(TreeMap<String, List<String>> map) {
        map.replaceAll((name, values) -> List.copyOf(values));
        return new Frozen(map);
    }

    /** Marks maps built here, so passing one back in does not copy it again. */
    private static final class Frozen extends java.util.AbstractMap<String, List<String>> {
        private final Map<String, List<String>> map;

        Frozen(TreeMap<String, List<String>> map) {
            this.map = Collections.unmodifiableSortedMap(map);
        }

        @Override
        public List<String> get(Object key) {
            return key instanceof String ? map.get(key) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String && map.containsKey(key);
        }

        @Override
        public java.util.Set<Entry<String, List<String>>> entrySet() {
            return map.entrySet();
        }
    }
}
