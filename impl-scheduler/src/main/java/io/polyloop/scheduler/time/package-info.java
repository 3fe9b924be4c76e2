/**
 * Timer-based tasks of the runtime facade ({@code interval}, {@code timeout}) over a loop's
 * {@link io.polyloop.scheduler.timer.TimerWheel}.
 */
package io.polyloop.scheduler.time;
