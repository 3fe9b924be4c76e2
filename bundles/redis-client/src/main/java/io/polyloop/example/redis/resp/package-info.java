/**
 * RESP2, the Redis serialization protocol: an incremental, bounded {@link io.polyloop.example.redis.resp.RespDecoder}
 * and a {@link io.polyloop.example.redis.resp.RespWriter}. Shared by the client and the mini-redis server.
 */
@Export
@Version("0.1.0")
package io.polyloop.example.redis.resp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
