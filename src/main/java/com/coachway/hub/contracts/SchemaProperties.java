package com.coachway.hub.contracts;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Event data schemas under {@code hub.schemas}.
 *
 * @param dir the directory of {@code <type>.json} files (JSON Schema 2020-12), with shared parts in {@code common/}
 */
@ConfigurationProperties("hub.schemas")
record SchemaProperties(@DefaultValue("config/schemas") Path dir) {
}
