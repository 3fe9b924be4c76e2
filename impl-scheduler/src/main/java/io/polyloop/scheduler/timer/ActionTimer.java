package io.polyloop.scheduler.timer;

/** A {@link Timer} that runs a given action, or a given discard action when dropped. Loop only. */
final class ActionTimer extends Timer {
    private final Runnable action;
    private final Runnable discard;

    ActionTimer(Runnable action, Runnable discard) {
        this.action = action;
        this.discard = discard;
    }

    @Override
    public void run() {
        action.run();
    }

    @Override
    public Runnable discard() {
        return discard;
    }
}
