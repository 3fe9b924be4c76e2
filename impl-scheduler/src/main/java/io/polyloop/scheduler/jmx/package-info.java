/** The runtime's status over JMX. */
package io.polyloop.scheduler.jmx;
