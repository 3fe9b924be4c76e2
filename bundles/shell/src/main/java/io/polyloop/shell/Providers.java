package io.polyloop.shell;

import io.polyloop.spi.IoBackendProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import java.util.ArrayList;
import java.util.List;

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
}
