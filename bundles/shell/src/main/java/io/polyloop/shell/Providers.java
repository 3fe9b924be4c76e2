package io.polyloop.shell;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.spi.Availability;
import io.polyloop.spi.IoBackendProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The {@link IoBackendProvider} services registered now. */
final class Providers {
    private Providers() {
    }

    static List<IoBackendProvider> all(BundleContext context) {
        List<IoBackendProvider> out = new ArrayList<>();
        try {
            for (ServiceReference<IoBackendProvider> r : context.getServiceReferences(IoBackendProvider.class, null)) {
                IoBackendProvider p = context.getService(r);
                if (p != null) {
                    out.add(p); // asked for its name, rank and probe only, at once: no need to hold the service
                    context.ungetService(r);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a null filter is valid
        }
        return out;
    }

    /**
     * @return null if {@code backend} is {@code auto} or a provider that can run here, else why not (as the runtime
     *         would say it: the value, the probe's reason, what is accepted)
     */
    static String unusable(List<IoBackendProvider> providers, String backend) {
        if (RuntimeSettings.AUTO.equals(backend)) {
            return null;
        }
        StringJoiner accepted = new StringJoiner(", ", "auto, ", "").setEmptyValue("auto");
        String why = RuntimeSettings.BACKEND + "='" + backend + "' is not installed";
        for (IoBackendProvider p : providers) {
            Availability a = p.probe();
            if (a.isAvailable()) {
                accepted.add(p.name());
            }
            if (p.name().equals(backend)) {
                if (a.isAvailable()) {
                    return null;
                }
                why = RuntimeSettings.BACKEND + "='" + backend + "' cannot run here: " + a.unavailabilityCause();
            }
        }
        return why + "; accepted: " + accepted;
    }
}
