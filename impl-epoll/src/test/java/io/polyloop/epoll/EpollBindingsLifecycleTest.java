package io.polyloop.epoll;

import io.polyloop.posix.NativeBindings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundle's DS life and its JNA natives, on real epoll: deactivate unbinds them once no poller is open (so that the
 * class loader can go), a poller open at deactivate keeps them until it closes (a stopped bundle's loop may still run
 * it), activate binds them again on the same class loader.
 */
class EpollBindingsLifecycleTest {
    @AfterEach
    void bindAgainForTheOtherTests() {
        EpollBackendProvider.BINDINGS.ensureBound();
    }

    @Test
    @Timeout(30)
    void deactivateUnbindsOnceTheLastPollerClosesAndActivateBindsAgain() throws Exception {
        EpollBackendProvider provider = new EpollBackendProvider();
        provider.activate();
        assumeTrue(provider.probe().isAvailable(), () -> "epoll cannot run here: " + provider.probe());
        int posixUsers = NativeBindings.POSIX.users();

        Poller poller = Poller.open(16);
        provider.deactivate();
        assertTrue(EpollBackendProvider.BINDINGS.isBound(), "an open poller keeps the natives");
        assertEquals(0, poller.wait(0, true), "epoll_wait on the stopped bundle's poller");
        poller.close();
        assertFalse(EpollBackendProvider.BINDINGS.isBound(), "the last poller closed after deactivate");
        assertThrows(UnsatisfiedLinkError.class, () -> Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC));
        assertEquals(posixUsers - 1, NativeBindings.POSIX.users(), "libc released by deactivate and the poller");

        EpollBackendProvider again = new EpollBackendProvider();
        again.activate();
        assertTrue(EpollBackendProvider.BINDINGS.isBound());
        assertTrue(again.probe().isAvailable(), () -> "probe after a restart: " + again.probe());
        Poller p2 = Poller.open(16);
        assertEquals(0, p2.wait(0, true));
        p2.close();
        again.deactivate();
        assertFalse(EpollBackendProvider.BINDINGS.isBound());
        assertEquals(posixUsers - 1, NativeBindings.POSIX.users());
    }

    @Test
    @Timeout(30)
    void deactivateWithoutPollerUnbindsAtOnce() {
        EpollBackendProvider provider = new EpollBackendProvider();
        provider.activate();
        assumeTrue(provider.probe().isAvailable(), () -> "epoll cannot run here: " + provider.probe());
        provider.deactivate();
        assertFalse(EpollBackendProvider.BINDINGS.isBound());
        assertThrows(UnsatisfiedLinkError.class, () -> Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC));
    }
}
