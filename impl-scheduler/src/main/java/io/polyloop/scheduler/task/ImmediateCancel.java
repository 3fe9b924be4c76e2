package io.polyloop.scheduler.task;

/**
 * A cancel hook ({@link LoopTask#onCancel}) that can undo its operation at once when the task is cancelled on the
 * operation's own loop, so that what the operation holds (a timer in the wheel) is freed at once instead of in a
 * later turn, and no closure or queue slot is spent on it. Elsewhere the hook is posted to the loop as usual and
 * {@link #run()} undoes the operation there.
 */
public interface ImmediateCancel extends Runnable {

    /**
     * Called on the cancelling thread, once, right after the task became cancelled. Must not run user code.
     *
     * @return true if the operation was undone here (the hook is then not posted), false to have {@link #run()}
     *         posted to the loop
     */
    boolean cancelHere();
}
