/** Validation of the examples' configuration properties, shared by the Redis client and the mini-redis server. */
@Export
@Version("0.1.0")
package io.polyloop.example.redis.settings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
