package io.shallot.gateway.shed.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.function.DoubleSupplier;

/** The process's recent CPU load (0..1 of the machine, or of the container's CPU limit), where the JVM offers it. */
public final class CpuLoad {
    private CpuLoad() {
    }

    /** A supplier of the load since its previous call; NaN when unknown. */
    public static DoubleSupplier process() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean measured) {
            return () -> {
                double load = measured.getProcessCpuLoad();
                return load < 0 ? Double.NaN : load;
            };
        }
        return () -> Double.NaN;
    }
}
