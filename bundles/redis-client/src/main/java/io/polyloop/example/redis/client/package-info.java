/**
 * An asynchronous Redis client on an {@link io.polyloop.api.IoRuntime}: {@link io.polyloop.example.redis.client.RedisClient}.
 */
@Export
@Version("0.1.0")
package io.polyloop.example.redis.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
