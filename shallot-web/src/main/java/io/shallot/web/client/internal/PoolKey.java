package io.shallot.web.client.internal;

/** What a pool is for, on one loop: scheme, host and port. */
public record PoolKey(String scheme, String host, int port) {

    public boolean tls() {
        return "https".equals(scheme);
    }

    /** The value of the {@code Host} header: the port only when it is not the scheme's default. */
    public String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = port == (tls() ? 443 : 80);
        return defaultPort ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
