package io.shallot.loop.net;

import io.netty.util.NetUtil;
import io.shallot.loop.KeepAlive;
import io.shallot.loop.Loop;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/** Node's {@code dns.lookup} as net uses it: an IP literal answers on a tick, a name off the loop. */
final class Hosts {
    private Hosts() {
    }

    /** Calls {@code done(error, address)} on the loop; a null host answers a null (wildcard) address. */
    static void lookup(Loop loop, String host, BiConsumer<NetException, InetAddress> done) {
        InetAddress literal = host == null ? null : literal(host);
        if (host == null || literal != null) {
            loop.nextTick(() -> done.accept(null, literal));
            return;
        }
        KeepAlive hold = loop.keepAlive();
        Thread.ofVirtual().name("shallot-lookup").start(() -> {
            InetAddress address = null;
            NetException error = null;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException | SecurityException e) {
                error = new NetException("ENOTFOUND", "getaddrinfo", host, -1, "getaddrinfo ENOTFOUND " + host, e);
            }
            InetAddress a = address;
            NetException e = error;
            try {
                loop.execute(() -> {
                    hold.close();
                    done.accept(e, a);
                });
            } catch (RejectedExecutionException ended) {
                hold.close();
            }
        });
    }

    private static InetAddress literal(String host) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Node's spelling of an address: dotted quad or compressed IPv6. */
    static String format(InetAddress address) {
        return NetUtil.toAddressString(address);
    }
}
